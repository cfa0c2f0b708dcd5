//! Storage version 0 to 1 on orders written as version 0 stored them.

use super::*;
use crate::migrations::v1::{v0, MigrateV0ToV1};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn v1_keeps_every_order_as_a_direct_one_placed_by_the_upgrade() {
	ExtBuilder.build_and_execute(|| {
		let batch = produce(0, 5);
		let ask = ask(&owner(), batch, 3_000);
		let bid = bid(&bakery(), 2_000, any());
		let (new_ask, new_bid) = (Asks::<Test>::get(ask).unwrap(), Bids::<Test>::get(bid).unwrap());
		StorageVersion::new(0).put::<Market>();
		v0::Asks::<Test>::insert(
			ask,
			v0::Ask {
				seller: new_ask.seller.clone(),
				batch: new_ask.batch,
				wh: new_ask.wh,
				price_per_mwh: new_ask.price_per_mwh,
				expires_at: new_ask.expires_at,
			},
		);
		v0::Bids::<Test>::insert(
			bid,
			v0::Bid {
				buyer: new_bid.buyer.clone(),
				wh: new_bid.wh,
				max_price_per_mwh: new_bid.max_price_per_mwh,
				filters: new_bid.filters.clone(),
				expires_at: new_bid.expires_at,
				claim: new_bid.claim.clone(),
			},
		);

		MigrateV0ToV1::<Test>::on_runtime_upgrade();

		assert_eq!(Market::on_chain_storage_version(), 1);
		assert_eq!(Asks::<Test>::get(ask).as_ref(), Some(&new_ask));
		assert_eq!(Bids::<Test>::get(bid).as_ref(), Some(&new_bid));
		// It runs once: a second run would not decode version 1's orders, and drop them.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Asks::<Test>::get(ask), Some(new_ask));
		assert_eq!(Bids::<Test>::get(bid), Some(new_bid));
	});
}
