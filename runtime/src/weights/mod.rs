//! Weights measured for this runtime on the reference machine, beyond the pallets' own.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_timestamp;
pub mod pallet_transaction_payment;
pub mod paritydb_weights;

#[cfg(test)]
mod tests {
	/// The weight functions of one impl of a generated `weights.rs`: each function's name and
	/// body without comments, the database weights named alike.
	fn functions(impl_text: &str) -> Vec<(String, String)> {
		impl_text
			.split("\tfn ")
			.skip(1)
			.map(|function| {
				let name = function.split('(').next().unwrap_or_default().to_string();
				let body = function
					.lines()
					.map(str::trim)
					.filter(|line| !line.is_empty() && !line.starts_with("//"))
					.collect::<Vec<_>>()
					.join(" ")
					.replace("T::DbWeight::get()", "DB")
					.replace("ParityDbWeight::get()", "DB");
				(name, body)
			})
			.collect()
	}

	/// Both impls of each pallet's `weights.rs` come from one benchmark run: the runtime's and
	/// the `()` the pallet's own tests use. A hand merge of a partial re-run once left the
	/// runtime's impl with provisional figures that the `()` impl no longer had, so P-256
	/// profiles were charged a fifth of their cost; this catches that class of mistake.
	#[test]
	fn each_pallets_two_weight_impls_carry_the_same_figures() {
		for (pallet, text) in [
			("meters", include_str!("../../../pallets/meters/src/weights.rs")),
			("certificates", include_str!("../../../pallets/certificates/src/weights.rs")),
			("footprint", include_str!("../../../pallets/footprint/src/weights.rs")),
			("market", include_str!("../../../pallets/market/src/weights.rs")),
		] {
			let (runtime_impl, unit_impl) = text
				.split_once("impl WeightInfo for () {")
				.unwrap_or_else(|| panic!("{pallet}: no `impl WeightInfo for ()`"));
			let runtime_impl = runtime_impl
				.split_once("WeightInfo for SubstrateWeight<T> {")
				.unwrap_or_else(|| panic!("{pallet}: no `SubstrateWeight` impl"))
				.1;
			let (runtime_functions, unit_functions) =
				(functions(runtime_impl), functions(unit_impl));
			assert!(!runtime_functions.is_empty(), "{pallet}: no weight functions found");
			assert_eq!(
				runtime_functions.iter().map(|(name, _)| name).collect::<Vec<_>>(),
				unit_functions.iter().map(|(name, _)| name).collect::<Vec<_>>(),
				"{pallet}: the two impls list different functions"
			);
			for ((name, runtime_body), (_, unit_body)) in
				runtime_functions.iter().zip(&unit_functions)
			{
				assert_eq!(runtime_body, unit_body, "{pallet}::{name}: the impls differ");
			}
		}
	}
}
