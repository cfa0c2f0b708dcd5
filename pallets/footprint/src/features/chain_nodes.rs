//! Chain nodes: the consumption devices governance recognises as the chain's own servers, whose
//! readings alone count as the chain's consumption.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Recognises consumption `device` as a chain node.
	pub(crate) fn do_recognise_node(device: DeviceId) -> DispatchResult {
		let kind = T::Devices::device_kind(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(kind == DeviceKind::Consumption, Error::<T>::NotConsumptionDevice);
		ensure!(!ChainNodes::<T>::contains_key(device), Error::<T>::AlreadyChainNode);
		ChainNodes::<T>::insert(device, ());
		Self::deposit_event(Event::NodeRecognised { device });
		Ok(())
	}

	/// Withdraws `device`'s recognition as a chain node.
	pub(crate) fn do_forget_node(device: DeviceId) -> DispatchResult {
		ensure!(ChainNodes::<T>::take(device).is_some(), Error::<T>::NotChainNode);
		Self::deposit_event(Event::NodeForgotten { device });
		Ok(())
	}
}
