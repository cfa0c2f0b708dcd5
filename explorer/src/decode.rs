//! SCALE to JSON, guided by the runtime's metadata: how the explorer shows any call's arguments
//! and any event's fields, of this runtime or an earlier one, without types compiled in.
//!
//! The shape is the one people read: named fields become objects, newtypes their inner value,
//! `Option` its value or `null`, a unit enum variant its name and any other variant
//! `{name: fields}`. Accounts (`AccountId32`) become SS58 addresses, zones their codes, byte strings text when they
//! are printable UTF-8 (names, reasons, messages) and hex otherwise (hashes, keys, signatures);
//! integers above 2^53 (ORI amounts) become decimal strings, as JavaScript cannot hold them.

use scale_info::{form::PortableForm, PortableRegistry, Registry, TypeDef, TypeInfo};
use serde_json::{Map, Value};
use sp_core::crypto::{AccountId32, Ss58Codec};
use std::{
	any::TypeId,
	cell::RefCell,
	collections::{HashMap, HashSet},
	marker::PhantomData,
	rc::Rc,
};
use subxt::{
	ext::{
		scale_decode::{
			self,
			visitor::{
				decode_with_visitor,
				types::{Array, BitSequence, Composite, Sequence, Str, Tuple, Variant},
				DecodeAsTypeResult, DecodeError, TypeIdFor, Visitor,
			},
			DecodeAsFields, FieldIter, IntoVisitor,
		},
		scale_type_resolver::{visitor, Primitive, TypeResolver},
	},
	Metadata,
};

/// The largest integer JSON readers hold exactly (JavaScript's `Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: u128 = (1 << 53) - 1;

/// The most addresses a thread keeps (see [`ss58`]) before it starts afresh.
const ADDRESSES_KEPT: usize = 1 << 16;

/// The SS58 addresses of the accounts a thread has seen, and the texts it found to be
/// addresses: a chain's accounts recur in nearly every event, and SS58 (base 58 with a hash)
/// took about a tenth of the decoding when worked out each time.
#[derive(Default)]
struct Addresses {
	of_account: HashMap<[u8; 32], String>,
	known: HashSet<String>,
}

thread_local! {
	static ADDRESSES: RefCell<Addresses> = RefCell::default();
}

/// The SS58 address of `account`.
pub fn ss58(account: [u8; 32]) -> String {
	ADDRESSES.with_borrow_mut(|Addresses { of_account, .. }| {
		if of_account.len() >= ADDRESSES_KEPT {
			of_account.clear();
		}
		of_account
			.entry(account)
			.or_insert_with(|| AccountId32::from(account).to_ss58check())
			.clone()
	})
}

/// Whether `text` is an SS58 account address.
pub fn is_address(text: &str) -> bool {
	if text.len() < 46 {
		return false;
	}
	ADDRESSES.with_borrow_mut(|Addresses { known, .. }| {
		if known.contains(text) {
			return true;
		}
		let valid = AccountId32::from_ss58check(text).is_ok();
		if valid {
			if known.len() >= ADDRESSES_KEPT {
				known.clear();
			}
			known.insert(text.to_owned());
		}
		valid
	})
}

/// A call's arguments or an event's fields as SCALE, with the types to decode them by: the
/// call's or event's fields in the metadata of the runtime that executed it. The index keeps
/// both so, and decodes only what it reads from them (a block's time, a meter's registers, the
/// entities an event names); pages decode the rest when they show it.
pub struct FieldData<'a> {
	bytes: &'a [u8],
	fields: &'a [scale_info::Field<PortableForm>],
	types: &'a PortableRegistry,
}

impl<'a> FieldData<'a> {
	/// The arguments `bytes` (after the pallet's and the call's index) of `pallet`.`call`, by
	/// `metadata`; `None` if its runtime has no such call.
	pub fn of_call(
		metadata: &'a Metadata,
		(pallet, call): (&str, &str),
		bytes: &'a [u8],
	) -> Option<Self> {
		let variant = metadata.pallet_by_name(pallet)?.call_variant_by_name(call)?;
		Some(Self::of_fields(bytes, &variant.fields, metadata.types()))
	}

	/// The fields `bytes` (after the pallet's and the event's index) of the event
	/// `pallet`.`event`, by `metadata`; `None` if its runtime has no such event.
	pub fn of_event(
		metadata: &'a Metadata,
		(pallet, event): (&str, &str),
		bytes: &'a [u8],
	) -> Option<Self> {
		let variants = metadata.pallet_by_name(pallet)?.event_variants()?;
		let variant = variants.iter().find(|variant| variant.name == event)?;
		Some(Self::of_fields(bytes, &variant.fields, metadata.types()))
	}

	/// The arguments or fields `bytes` of a call or event with `fields` of `types`.
	pub fn of_fields(
		bytes: &'a [u8],
		fields: &'a [scale_info::Field<PortableForm>],
		types: &'a PortableRegistry,
	) -> Self {
		Self { bytes, fields, types }
	}

	/// The fields decoded as `T` (e.g. [`JsonFields`], or a struct of the fields read).
	pub fn decode<T: DecodeAsFields>(&self) -> Result<T, scale_decode::Error> {
		let mut fields = self
			.fields
			.iter()
			.map(|field| scale_decode::Field::new(field.ty.id, field.name.as_deref()));
		T::decode_as_fields(&mut &self.bytes[..], &mut fields, self.types)
	}

	/// The call's one argument as the explorer's own type `T`, read as plain SCALE, when the
	/// runtime's type of it has `T`'s shape (see [`same_shape`]); `None` when it has not (an
	/// older or newer runtime), and the arguments are decoded through the metadata instead.
	/// Reading by the metadata visits every item of every list: for a gateway's batch of
	/// profiles it took a quarter of a catch-up's work.
	pub fn decode_own<T: codec::Decode + TypeInfo + 'static>(
		&self,
	) -> Option<Result<T, codec::Error>> {
		let [argument] = self.fields else { return None };
		let own = OWN_TYPES.with_borrow_mut(|own| {
			own.entry(TypeId::of::<T>()).or_insert_with(|| Rc::new(own_type::<T>())).clone()
		});
		same_shape((self.types, argument.ty.id), (&own.0, own.1))
			.then(|| codec::DecodeAll::decode_all(&mut &self.bytes[..]))
	}
}

thread_local! {
	/// The registries of the explorer's own types a thread has read calls as (see
	/// [`FieldData::decode_own`]), made once.
	static OWN_TYPES: RefCell<HashMap<TypeId, Rc<(PortableRegistry, u32)>>> = RefCell::default();
}

/// The registry of the explorer's own type `T`, and `T`'s id in it.
pub fn own_type<T: TypeInfo + 'static>() -> (PortableRegistry, u32) {
	let mut registry = Registry::new();
	let id = registry.register_type(&scale_info::meta_type::<T>()).id;
	(registry.into(), id)
}

/// Whether two types, each in its registry, encode alike and name their fields and variants
/// alike, so that SCALE of one decodes as the other. Docs and paths may differ. Types are
/// compared as deep as the second one goes (the explorer's own, which is finite).
pub fn same_shape(
	(types, id): (&PortableRegistry, u32),
	(other_types, other_id): (&PortableRegistry, u32),
) -> bool {
	let (Some(one), Some(other)) = (types.resolve(id), other_types.resolve(other_id)) else {
		return false;
	};
	let same = |id: u32, other_id: u32| same_shape((types, id), (other_types, other_id));
	let same_fields =
		|fields: &[scale_info::Field<PortableForm>], others: &[scale_info::Field<PortableForm>]| {
			fields.len() == others.len()
				&& fields.iter().zip(others).all(|(field, other)| {
					field.name == other.name && same(field.ty.id, other.ty.id)
				})
		};
	match (&one.type_def, &other.type_def) {
		(TypeDef::Composite(one), TypeDef::Composite(other)) => {
			same_fields(&one.fields, &other.fields)
		},
		(TypeDef::Variant(one), TypeDef::Variant(other)) => {
			one.variants.len() == other.variants.len()
				&& one.variants.iter().zip(&other.variants).all(|(variant, other)| {
					(&variant.name, variant.index) == (&other.name, other.index)
						&& same_fields(&variant.fields, &other.fields)
				})
		},
		(TypeDef::Sequence(one), TypeDef::Sequence(other)) => {
			same(one.type_param.id, other.type_param.id)
		},
		(TypeDef::Array(one), TypeDef::Array(other)) => {
			one.len == other.len && same(one.type_param.id, other.type_param.id)
		},
		(TypeDef::Tuple(one), TypeDef::Tuple(other)) => {
			one.fields.len() == other.fields.len()
				&& one.fields.iter().zip(&other.fields).all(|(one, other)| same(one.id, other.id))
		},
		(TypeDef::Primitive(one), TypeDef::Primitive(other)) => one == other,
		(TypeDef::Compact(one), TypeDef::Compact(other)) => {
			same(one.type_param.id, other.type_param.id)
		},
		_ => false,
	}
}

/// The fields `bytes` of the event `pallet`.`event` as JSON, by `metadata` (see
/// [`FieldData::of_event`]); the error says why they do not decode.
pub fn event_json(
	metadata: &Metadata,
	(pallet, event): (&str, &str),
	bytes: &[u8],
) -> Result<Map<String, Value>, String> {
	let fields = FieldData::of_event(metadata, (pallet, event), bytes)
		.ok_or_else(|| format!("its runtime has no event {pallet}.{event}"))?;
	fields.decode::<JsonFields>().map(|fields| fields.0).map_err(|e| e.to_string())
}

/// A value of the explorer's own type `T` as JSON, as [`JsonFields`] shows it.
pub fn own_json<T: codec::Encode + TypeInfo + 'static>(
	(types, id): (&PortableRegistry, u32),
	value: &T,
) -> Result<Value, scale_decode::Error> {
	let bytes = value.encode();
	decode_with_visitor(&mut &bytes[..], id, types, JsonVisitor(types)).map(Node::into_json)
}

/// A call's arguments or an event's fields, as a JSON object keyed by field name (or by
/// position, for unnamed fields).
pub struct JsonFields(pub Map<String, Value>);

/// A value as JSON, as [`JsonFields`] shows it: a field of a typed struct whose shape the
/// explorer does not fix (a meter's key, named as the chain's events name it).
#[derive(Debug, PartialEq)]
pub struct Json(pub Value);

impl IntoVisitor for Json {
	type AnyVisitor<R: TypeResolver> = JsonValue<R>;
	fn into_visitor<R: TypeResolver>() -> JsonValue<R> {
		JsonValue(PhantomData)
	}
}

/// Decodes a [`Json`]: it takes the value whole, with its types, and hands it to
/// [`JsonVisitor`].
pub struct JsonValue<R>(PhantomData<R>);

impl<R: TypeResolver> Visitor for JsonValue<R> {
	type Value<'scale, 'resolver> = Json;
	type Error = scale_decode::Error;
	type TypeResolver = R;

	fn unchecked_decode_as_type(
		self,
		input: &mut &[u8],
		type_id: TypeIdFor<Self>,
		types: &R,
	) -> DecodeAsTypeResult<Self, Result<Json, scale_decode::Error>> {
		let node = decode_with_visitor(input, type_id, types, JsonVisitor(types));
		DecodeAsTypeResult::Decoded(node.map(|node| Json(node.into_json())))
	}
}

impl DecodeAsFields for JsonFields {
	fn decode_as_fields<'resolver, R: TypeResolver>(
		input: &mut &[u8],
		fields: &mut dyn FieldIter<'resolver, R::TypeId>,
		types: &'resolver R,
	) -> Result<Self, scale_decode::Error> {
		let mut map = Map::new();
		for (position, field) in fields.enumerate() {
			let node = scale_decode::visitor::decode_with_visitor(
				input,
				field.id,
				types,
				JsonVisitor(types),
			)?;
			let name = field.name.map_or_else(|| position.to_string(), str::to_owned);
			map.insert(name, node.into_json());
		}
		Ok(Self(map))
	}
}

/// A value while it is decoded: a byte is kept apart, so that sequences of bytes can be shown
/// as text or hex rather than as lists of numbers.
enum Node {
	Byte(u8),
	Json(Value),
}

impl Node {
	fn into_json(self) -> Value {
		match self {
			Node::Byte(byte) => Value::from(byte),
			Node::Json(value) => value,
		}
	}
}

/// Bytes as people read them: printable UTF-8 as text, anything else as `0x` hex.
fn bytes_json(bytes: &[u8], fixed_length: bool) -> Value {
	match std::str::from_utf8(bytes) {
		Ok(text) if !fixed_length && text.chars().all(|c| !c.is_control() || c == '\n') => {
			Value::from(text)
		},
		_ => Value::from(format!("0x{}", hex::encode(bytes))),
	}
}

/// An unsigned integer as a JSON number while JavaScript holds it exactly, else as a string.
fn unsigned(value: u128) -> Node {
	if value <= MAX_SAFE_INTEGER {
		Node::Json(Value::from(value as u64))
	} else {
		Node::Json(Value::from(value.to_string()))
	}
}

/// A signed integer, likewise.
fn signed(value: i128) -> Node {
	if value.unsigned_abs() <= MAX_SAFE_INTEGER {
		Node::Json(Value::from(value as i64))
	} else {
		Node::Json(Value::from(value.to_string()))
	}
}

/// Items (of a sequence, array, tuple or unnamed composite) as JSON: bytes as text or hex
/// (`fixed_length` for arrays, which are hashes and keys rather than text), else a list.
fn nodes_json(nodes: Vec<Node>, fixed_length: bool) -> Value {
	let bytes: Option<Vec<u8>> = nodes
		.iter()
		.map(|node| match node {
			Node::Byte(byte) => Some(*byte),
			Node::Json(_) => None,
		})
		.collect();
	match bytes {
		Some(bytes) if !bytes.is_empty() || !fixed_length => bytes_json(&bytes, fixed_length),
		_ => Value::Array(nodes.into_iter().map(Node::into_json).collect()),
	}
}

/// Decodes every remaining item with `decode_next`.
fn decode_all(
	mut decode_next: impl FnMut() -> Option<Result<Node, scale_decode::Error>>,
) -> Result<Vec<Node>, scale_decode::Error> {
	let mut nodes = Vec::new();
	while let Some(node) = decode_next() {
		nodes.push(node?);
	}
	Ok(nodes)
}

/// A composite's fields: an object when named, the inner value for a newtype, else a list.
fn composite_fields<R: TypeResolver>(
	types: &R,
	value: &mut Composite<'_, '_, R>,
) -> Result<Value, scale_decode::Error> {
	let names: Vec<Option<String>> =
		value.fields().iter().map(|field| field.name.map(str::to_owned)).collect();
	let named = !names.is_empty() && names.iter().all(Option::is_some);
	let mut nodes = decode_all(|| value.decode_item(JsonVisitor(types)))?;
	Ok(if named {
		let map = names.into_iter().flatten().zip(nodes.into_iter().map(Node::into_json));
		Value::Object(map.collect())
	} else {
		match nodes.len() {
			0 => Value::Null,
			1 => nodes.remove(0).into_json(),
			_ => nodes_json(nodes, true),
		}
	})
}

/// Whether the sequence or array `type_id` holds bytes (`u8`, not compact): SCALE encodes each
/// as itself, so its bytes are read as they are rather than decoded one by one (signatures and
/// keys are most of a block's call data).
fn holds_bytes<R: TypeResolver>(types: &R, type_id: R::TypeId) -> bool {
	let is_u8 = |item: R::TypeId| {
		let primitive = visitor::new((), |_, _| false)
			.visit_primitive(|_, primitive| primitive == Primitive::U8);
		types.resolve_type(item, primitive).unwrap_or(false)
	};
	let items = visitor::new((), |_, _| false)
		.visit_sequence(|_, _, item| is_u8(item))
		.visit_array(|_, item, _| is_u8(item));
	types.resolve_type(type_id, items).unwrap_or(false)
}

/// The visitor that turns SCALE into [`Node`]s, with the types it is decoding.
struct JsonVisitor<'types, R>(&'types R);

impl<R: TypeResolver> Visitor for JsonVisitor<'_, R> {
	type Value<'scale, 'resolver> = Node;
	type Error = scale_decode::Error;
	type TypeResolver = R;

	fn visit_bool<'scale, 'resolver>(
		self,
		value: bool,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(Node::Json(Value::from(value)))
	}
	fn visit_char<'scale, 'resolver>(
		self,
		value: char,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(Node::Json(Value::from(value.to_string())))
	}
	fn visit_u8<'scale, 'resolver>(
		self,
		value: u8,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(Node::Byte(value))
	}
	fn visit_u16<'scale, 'resolver>(
		self,
		value: u16,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(unsigned(value.into()))
	}
	fn visit_u32<'scale, 'resolver>(
		self,
		value: u32,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(unsigned(value.into()))
	}
	fn visit_u64<'scale, 'resolver>(
		self,
		value: u64,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(unsigned(value.into()))
	}
	fn visit_u128<'scale, 'resolver>(
		self,
		value: u128,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(unsigned(value))
	}
	fn visit_u256<'resolver>(
		self,
		value: &[u8; 32],
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'_, 'resolver>, Self::Error> {
		Ok(Node::Json(bytes_json(value, true)))
	}
	fn visit_i8<'scale, 'resolver>(
		self,
		value: i8,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(signed(value.into()))
	}
	fn visit_i16<'scale, 'resolver>(
		self,
		value: i16,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(signed(value.into()))
	}
	fn visit_i32<'scale, 'resolver>(
		self,
		value: i32,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(signed(value.into()))
	}
	fn visit_i64<'scale, 'resolver>(
		self,
		value: i64,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(signed(value.into()))
	}
	fn visit_i128<'scale, 'resolver>(
		self,
		value: i128,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(signed(value))
	}
	fn visit_i256<'resolver>(
		self,
		value: &[u8; 32],
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'_, 'resolver>, Self::Error> {
		Ok(Node::Json(bytes_json(value, true)))
	}
	fn visit_str<'scale, 'resolver>(
		self,
		value: &mut Str<'scale>,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		Ok(Node::Json(Value::from(value.as_str()?)))
	}
	fn visit_sequence<'scale, 'resolver>(
		self,
		value: &mut Sequence<'scale, 'resolver, R>,
		type_id: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		if holds_bytes(self.0, type_id) {
			let bytes = value.bytes_from_undecoded().get(..value.remaining());
			return Ok(Node::Json(bytes_json(bytes.ok_or(DecodeError::NotEnoughInput)?, false)));
		}
		let nodes = decode_all(|| value.decode_item(JsonVisitor(self.0)))?;
		Ok(Node::Json(nodes_json(nodes, false)))
	}
	fn visit_array<'scale, 'resolver>(
		self,
		value: &mut Array<'scale, 'resolver, R>,
		type_id: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		if !value.is_empty() && holds_bytes(self.0, type_id) {
			let bytes = value.bytes_from_undecoded().get(..value.remaining());
			return Ok(Node::Json(bytes_json(bytes.ok_or(DecodeError::NotEnoughInput)?, true)));
		}
		let nodes = decode_all(|| value.decode_item(JsonVisitor(self.0)))?;
		Ok(Node::Json(nodes_json(nodes, true)))
	}
	fn visit_tuple<'scale, 'resolver>(
		self,
		value: &mut Tuple<'scale, 'resolver, R>,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		let nodes = decode_all(|| value.decode_item(JsonVisitor(self.0)))?;
		Ok(Node::Json(if nodes.is_empty() { Value::Null } else { nodes_json(nodes, true) }))
	}
	fn visit_bitsequence<'scale, 'resolver>(
		self,
		value: &mut BitSequence<'scale>,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		let bits = value.decode()?.map(|bit| if bit.unwrap_or(false) { '1' } else { '0' });
		Ok(Node::Json(Value::from(bits.collect::<String>())))
	}
	fn visit_composite<'scale, 'resolver>(
		self,
		value: &mut Composite<'scale, 'resolver, R>,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		if value.path().last() == Some("AccountId32") {
			let bytes: [u8; 32] = value
				.bytes_from_undecoded()
				.get(..32)
				.and_then(|bytes| bytes.try_into().ok())
				.ok_or(DecodeError::NotEnoughInput)?;
			value.skip_decoding()?;
			return Ok(Node::Json(Value::from(ss58(bytes))));
		}
		if value.path().last() == Some("Zone") {
			// A zone is its code, zero-padded to 8 bytes.
			let code = value.bytes_from_undecoded().get(..8).ok_or(DecodeError::NotEnoughInput)?;
			let code = String::from_utf8_lossy(code).trim_end_matches('\0').to_owned();
			value.skip_decoding()?;
			return Ok(Node::Json(Value::from(code)));
		}
		Ok(Node::Json(composite_fields(self.0, value)?))
	}
	fn visit_variant<'scale, 'resolver>(
		self,
		value: &mut Variant<'scale, 'resolver, R>,
		_: TypeIdFor<Self>,
	) -> Result<Self::Value<'scale, 'resolver>, Self::Error> {
		let name = value.name().to_owned();
		let is_option = value.path().last() == Some("Option");
		let fields = value.fields();
		let unit = fields.fields().is_empty();
		let inner = composite_fields(self.0, fields)?;
		Ok(Node::Json(match (is_option, unit) {
			(true, true) => Value::Null,
			(true, false) => inner,
			(false, true) => Value::from(name),
			(false, false) => {
				let mut map = Map::new();
				map.insert(name, inner);
				Value::Object(map)
			},
		}))
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	/// Decodes `value` as its type `T` through the explorer's visitor.
	fn json_of<T: Encode + TypeInfo + 'static>(value: T) -> Value {
		let (types, id) = own_type::<T>();
		own_json((&types, id), &value).expect("decodes")
	}

	#[derive(Encode, TypeInfo)]
	struct Named {
		name: Vec<u8>,
		hash: [u8; 4],
		amount: u128,
		small: u128,
		maybe: Option<u32>,
		none: Option<u32>,
	}

	#[derive(Encode, TypeInfo)]
	enum Kind {
		Unit,
		WithFields { reason: Vec<u8> },
	}

	#[test]
	fn named_fields_bytes_options_and_large_integers_read_as_people_read_them() {
		let value = json_of(Named {
			name: b"Roof of Alice".to_vec(),
			hash: [0xde, 0xad, 0xbe, 0xef],
			amount: u128::MAX,
			small: 55,
			maybe: Some(7),
			none: None,
		});
		assert_eq!(
			value,
			serde_json::json!({
				"name": "Roof of Alice",
				"hash": "0xdeadbeef",
				"amount": u128::MAX.to_string(),
				"small": 55,
				"maybe": 7,
				"none": null,
			})
		);
	}

	#[test]
	fn enum_variants_are_names_or_objects_and_binary_sequences_hex() {
		assert_eq!(json_of(Kind::Unit), Value::from("Unit"));
		assert_eq!(
			json_of(Kind::WithFields { reason: vec![0xff, 0x00] }),
			serde_json::json!({ "WithFields": { "reason": "0xff00" } })
		);
		assert_eq!(json_of(vec![1u32, 2, 3]), serde_json::json!([1, 2, 3]));
		assert_eq!(json_of(Vec::<u8>::new()), Value::from(""));
	}

	#[test]
	fn bytes_are_read_whole_and_only_plain_bytes_are() {
		// Arrays of bytes in a list, each read whole, and what follows them still decoded.
		let keys = (vec![[0xab_u8; 32], [0x01; 32]], 7u16);
		let hex = |byte: &str| format!("0x{}", byte.repeat(32));
		assert_eq!(json_of(keys), serde_json::json!([[hex("ab"), hex("01")], 7]));
		// Compact bytes are not plain (SCALE encodes 1, 200, 3 as 04 2103 0c): each is decoded,
		// and shown by its value, and what follows them still lines up.
		let compact = vec![codec::Compact(1u8), codec::Compact(200u8), codec::Compact(3u8)];
		assert_eq!(json_of((compact, 9u8)), serde_json::json!(["0x01c803", 9]));
		assert_eq!(json_of([0u8; 0]), serde_json::json!([]));
	}

	#[test]
	fn addresses_are_worked_out_once_and_checked_whole() {
		let account = [7u8; 32];
		let address = AccountId32::from(account).to_ss58check();
		assert_eq!(ss58(account), address);
		assert_eq!(ss58(account), address);
		assert!(is_address(&address));
		assert!(is_address(&address));
		// One character changed: the checksum fails, known address or not.
		let mut altered = address.clone().into_bytes();
		altered[10] = if altered[10] == b'a' { b'b' } else { b'a' };
		assert!(!is_address(std::str::from_utf8(&altered).unwrap()));
		assert!(!is_address("short"));
	}

	/// Whether `A` and `B` have one shape.
	fn same<A: TypeInfo + 'static, B: TypeInfo + 'static>() -> bool {
		let ((a, a_id), (b, b_id)) = (own_type::<A>(), own_type::<B>());
		same_shape((&a, a_id), (&b, b_id))
	}

	/// Types whose shapes are compared, nothing else.
	#[allow(dead_code)]
	mod shapes {
		use super::Kind;
		use codec::Compact;
		use scale_info::TypeInfo;

		#[derive(TypeInfo)]
		pub struct Reading {
			meter: [u8; 4],
			registers: Vec<Compact<u64>>,
			kind: Option<Kind>,
		}
		/// The same, documented, with another path.
		pub mod elsewhere {
			#[derive(scale_info::TypeInfo)]
			pub struct Reading {
				/// The meter.
				meter: [u8; 4],
				registers: Vec<codec::Compact<u64>>,
				kind: Option<super::Kind>,
			}
		}
		#[derive(TypeInfo)]
		pub struct Renamed {
			key: [u8; 4],
			registers: Vec<Compact<u64>>,
			kind: Option<Kind>,
		}
		#[derive(TypeInfo)]
		pub struct LongerKey {
			meter: [u8; 5],
			registers: Vec<Compact<u64>>,
			kind: Option<Kind>,
		}
		#[derive(TypeInfo)]
		pub struct PlainRegisters {
			meter: [u8; 4],
			registers: Vec<u64>,
			kind: Option<Kind>,
		}
		#[derive(TypeInfo)]
		pub enum Renumbered {
			#[codec(index = 1)]
			Unit,
			WithFields {
				reason: Vec<u8>,
			},
		}
		#[derive(TypeInfo)]
		pub struct OtherKind {
			meter: [u8; 4],
			registers: Vec<Compact<u64>>,
			kind: Option<Renumbered>,
		}
	}

	#[test]
	fn shapes_are_one_only_with_one_encoding_and_the_same_names() {
		use shapes::*;
		assert!(same::<Reading, elsewhere::Reading>());
		assert!(same::<(u8, Kind), (u8, Kind)>());
		assert!(!same::<Reading, Renamed>());
		assert!(!same::<Reading, LongerKey>());
		assert!(!same::<Reading, PlainRegisters>());
		assert!(!same::<Reading, OtherKind>());
		assert!(!same::<(u8, Kind), (u16, Kind)>());
	}

	#[test]
	fn accounts_are_ss58_addresses() {
		let alice = sp_core::sr25519::Public::from_raw([1; 32]);
		let account = AccountId32::from(alice);
		assert_eq!(json_of(account.clone()), Value::from(account.to_ss58check()));
	}
}
