//! Java serialization (`ObjectOutputStream`, protocol version 5), as Spring Data Redis'
//! `JdkSerializationRedisSerializer` writes session attributes.
//!
//! A small reader written for untrusted input, because the crates available trust the stream's
//! lengths (jaded preallocates a `TC_LONGSTRING`'s declared length, an abort on a hostile value).
//! Here: nothing is preallocated from a declared length, nesting is capped, the output is charged
//! to the record's [`Budget`] (a back-reference is copied, so it is charged the full size of what it
//! expands to: a budget stops reference bombs), class descriptors are shared, never copied, and
//! classes are only described, never loaded or instantiated. `TC_RESET` is only accepted between
//! top-level objects, where Java writes it (`ObjectOutputStream.reset` refuses to run mid-object).
//!
//! Output: an object becomes `{"@class": name, field: value, …}` with the fields of its whole
//! class hierarchy; boxed primitives (`java.lang.Long`, …) become plain numbers; collections
//! (`ArrayList`, `HashSet`, `TreeSet`, `Collections$Unmodifiable*`, …) become arrays and maps
//! (`HashMap`, `TreeMap`, …) objects, read from the data their `writeObject` writes; `byte[]`
//! becomes base64; other custom-written data is listed under `@data`.

use std::rc::Rc;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::{Budget, size};

const MAGIC: [u8; 4] = [0xac, 0xed, 0x00, 0x05];
const BASE_HANDLE: u32 = 0x7e_0000;

const TC_NULL: u8 = 0x70;
const TC_REFERENCE: u8 = 0x71;
const TC_CLASSDESC: u8 = 0x72;
const TC_OBJECT: u8 = 0x73;
const TC_STRING: u8 = 0x74;
const TC_ARRAY: u8 = 0x75;
const TC_CLASS: u8 = 0x76;
const TC_BLOCKDATA: u8 = 0x77;
const TC_ENDBLOCKDATA: u8 = 0x78;
const TC_RESET: u8 = 0x79;
const TC_BLOCKDATALONG: u8 = 0x7a;
const TC_EXCEPTION: u8 = 0x7b;
const TC_LONGSTRING: u8 = 0x7c;
const TC_PROXYCLASSDESC: u8 = 0x7d;
const TC_ENUM: u8 = 0x7e;

const SC_WRITE_METHOD: u8 = 0x01;
const SC_SERIALIZABLE: u8 = 0x02;
const SC_EXTERNALIZABLE: u8 = 0x04;
const SC_BLOCK_DATA: u8 = 0x08;

/// Decodes the first object of a serialization stream.
///
/// # Errors
/// Not a stream, truncated or malformed data, nesting beyond `max_depth`, or output beyond the
/// budget.
pub fn decode(bytes: &[u8], max_depth: usize, budget: &mut Budget) -> Result<Value, String> {
    let rest = bytes
        .strip_prefix(&MAGIC[..])
        .ok_or("not a Java serialization stream (no ac ed 00 05)")?;
    let mut r = Reader {
        b: rest,
        pos: 0,
        handles: Vec::new(),
        budget,
    };
    // Resets before the first object (the only place one can appear here) clear nothing yet.
    while r.b.get(r.pos) == Some(&TC_RESET) {
        r.pos += 1;
        r.handles.clear();
    }
    let v = r.content(max_depth)?;
    match v {
        Item::Value(v) => Ok(v),
        Item::Block(_) => Err("stream starts with block data, not an object".into()),
        Item::End => Err("unexpected end-of-block marker".into()),
    }
}

#[derive(Debug, Clone)]
struct Field {
    code: u8,
    name: String,
}

#[derive(Debug, Clone)]
struct ClassDesc {
    name: String,
    flags: u8,
    fields: Vec<Field>,
    /// The superclass descriptor's handle index.
    superclass: Option<usize>,
}

#[derive(Debug, Clone)]
enum Handle {
    /// Shared by every reference to it: a class with many fields costs nothing to refer to.
    Class(Rc<ClassDesc>),
    /// A finished value (copied when referenced) with its size, charged for each copy.
    Value(Value, (usize, usize)),
    /// An object still being read: a reference to it is a cycle.
    Pending,
}

enum Item {
    Value(Value),
    Block(Vec<u8>),
    End,
}

struct Reader<'a, 'b> {
    b: &'a [u8],
    pos: usize,
    handles: Vec<Handle>,
    budget: &'b mut Budget,
}

impl Reader<'_, '_> {
    fn err<T>(&self, msg: &str) -> Result<T, String> {
        Err(format!("at byte {}: {msg}", self.pos + 4))
    }

    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        if self.b.len() - self.pos < n {
            return self.err("truncated");
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, String> {
        let s = self.take(2)?;
        Ok(u16::from_be_bytes([s[0], s[1]]))
    }

    fn u32(&mut self) -> Result<u32, String> {
        let s = self.take(4)?;
        Ok(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let s = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        Ok(u64::from_be_bytes(a))
    }

    fn spend(&mut self, nodes: usize, text: usize) -> Result<(), String> {
        match self.budget.spend(nodes, text) {
            Ok(()) => Ok(()),
            Err(e) => self.err(&e),
        }
    }

    /// Modified UTF-8 of `len` bytes, decoded leniently.
    fn utf(&mut self, len: usize) -> Result<String, String> {
        let s = self.take(len)?;
        Ok(match std::str::from_utf8(s) {
            Ok(s) => s.to_owned(),
            Err(_) => modified_utf8(s),
        })
    }

    fn short_utf(&mut self) -> Result<String, String> {
        let n = usize::from(self.u16()?);
        self.utf(n)
    }

    fn new_handle(&mut self, h: Handle) -> usize {
        self.handles.push(h);
        self.handles.len() - 1
    }

    /// Fills handle `i` (assigned before its contents were read).
    fn set_handle(&mut self, i: usize, h: Handle) -> Result<(), String> {
        match self.handles.get_mut(i) {
            Some(slot) => {
                *slot = h;
                Ok(())
            }
            None => self.err("handle table changed while an object was read"),
        }
    }

    /// Keeps a copy of `v` in handle `i` for later references, charging the copy.
    fn keep(&mut self, i: usize, v: &Value) -> Result<(), String> {
        let sz = size(v);
        self.spend(sz.0, sz.1)?;
        self.set_handle(i, Handle::Value(v.clone(), sz))
    }

    fn handle_index(&mut self) -> Result<usize, String> {
        let h = self.u32()?;
        match h.checked_sub(BASE_HANDLE) {
            Some(i) if (i as usize) < self.handles.len() => Ok(i as usize),
            _ => self.err(&format!("reference to unknown handle {h:#x}")),
        }
    }

    /// One content item: an object (any TC_* that yields a value), block data, or the end marker.
    fn content(&mut self, depth: usize) -> Result<Item, String> {
        if depth == 0 {
            return self.err("nested too deeply");
        }
        self.spend(1, 0)?;
        let tc = self.u8()?;
        Ok(match tc {
            TC_NULL => Item::Value(Value::Null),
            TC_REFERENCE => {
                let i = self.handle_index()?;
                let (nodes, text) = match self.handles.get(i) {
                    Some(Handle::Value(_, sz)) => *sz,
                    Some(Handle::Class(c)) => (2, "@classdesc".len() + c.name.len()),
                    Some(Handle::Pending) | None => (2, 16),
                };
                // Charged in full before the copy is made.
                self.spend(nodes, text)?;
                Item::Value(match self.handles.get(i) {
                    Some(Handle::Value(v, _)) => v.clone(),
                    Some(Handle::Class(c)) => serde_json::json!({"@classdesc": c.name}),
                    Some(Handle::Pending) | None => {
                        serde_json::json!({"@ref": format!("{:#x}", i as u32 + BASE_HANDLE)})
                    }
                })
            }
            TC_STRING => {
                let s = self.short_utf()?;
                let v = Value::String(s);
                let h = self.new_handle(Handle::Pending);
                self.keep(h, &v)?;
                Item::Value(v)
            }
            TC_LONGSTRING => {
                let n = self.u64()?;
                let n = usize::try_from(n).ok().filter(|&n| n <= self.b.len());
                let Some(n) = n else {
                    return self.err("long string longer than the stream");
                };
                let v = Value::String(self.utf(n)?);
                let h = self.new_handle(Handle::Pending);
                self.keep(h, &v)?;
                Item::Value(v)
            }
            TC_CLASSDESC | TC_PROXYCLASSDESC => {
                self.pos -= 1;
                let c = self.class_desc(depth)?;
                Item::Value(match c {
                    Some(i) => {
                        let name = self.class(i)?.name.clone();
                        // Charged as a reference to the descriptor is.
                        self.spend(1, "@classdesc".len() + name.len())?;
                        serde_json::json!({"@classdesc": name})
                    }
                    None => Value::Null,
                })
            }
            TC_CLASS => {
                let c = self.class_desc(depth)?;
                let name = match c {
                    Some(i) => self.class(i)?.name.clone(),
                    None => String::new(),
                };
                let v = serde_json::json!({"@class": "java.lang.Class", "name": name});
                let h = self.new_handle(Handle::Pending);
                self.keep(h, &v)?;
                Item::Value(v)
            }
            TC_ENUM => {
                let c = self.class_desc(depth)?;
                let h = self.new_handle(Handle::Pending);
                let name = match self.content(depth - 1)? {
                    Item::Value(Value::String(s)) => s,
                    _ => return self.err("enum constant name is not a string"),
                };
                let class = match c {
                    Some(i) => self.class(i)?.name.clone(),
                    None => String::new(),
                };
                let v = Value::String(format!("{class}.{name}"));
                self.keep(h, &v)?;
                Item::Value(v)
            }
            TC_ARRAY => Item::Value(self.array(depth)?),
            TC_OBJECT => Item::Value(self.object(depth)?),
            TC_BLOCKDATA => {
                let n = usize::from(self.u8()?);
                Item::Block(self.take(n)?.to_vec())
            }
            TC_BLOCKDATALONG => {
                let n = self.u32()? as usize;
                Item::Block(self.take(n)?.to_vec())
            }
            TC_ENDBLOCKDATA => Item::End,
            // Java writes a reset only between top-level objects; here one could only clear
            // handles that objects still being read refer to.
            TC_RESET => return self.err("reset marker inside an object"),
            TC_EXCEPTION => return self.err("the stream holds an exception, not a value"),
            other => return self.err(&format!("unknown type code {other:#04x}")),
        })
    }

    fn class(&self, i: usize) -> Result<Rc<ClassDesc>, String> {
        match self.handles.get(i) {
            Some(Handle::Class(c)) => Ok(Rc::clone(c)),
            _ => self.err("handle is not a class descriptor"),
        }
    }

    /// A class descriptor (new, proxy, reference or null); returns its handle index.
    fn class_desc(&mut self, depth: usize) -> Result<Option<usize>, String> {
        if depth == 0 {
            return self.err("nested too deeply");
        }
        self.spend(1, 0)?;
        match self.u8()? {
            TC_NULL => Ok(None),
            TC_REFERENCE => {
                let i = self.handle_index()?;
                self.class(i)?;
                Ok(Some(i))
            }
            TC_CLASSDESC => {
                let name = self.short_utf()?;
                let _uid = self.u64()?;
                let h = self.new_handle(Handle::Pending);
                let flags = self.u8()?;
                let n = self.u16()?;
                let mut fields = Vec::new();
                for _ in 0..n {
                    let code = self.u8()?;
                    let fname = self.short_utf()?;
                    if code == b'L' || code == b'[' {
                        // The field's type name: a string object (new or a reference).
                        match self.content(depth - 1)? {
                            Item::Value(Value::String(_)) => {}
                            _ => return self.err("field type is not a string"),
                        }
                    } else if !b"BCDFIJSZ".contains(&code) {
                        return self.err(&format!("unknown field type {:?}", code as char));
                    }
                    fields.push(Field { code, name: fname });
                }
                self.skip_annotation(depth)?;
                let superclass = self.class_desc(depth - 1)?;
                self.set_handle(
                    h,
                    Handle::Class(Rc::new(ClassDesc {
                        name,
                        flags,
                        fields,
                        superclass,
                    })),
                )?;
                Ok(Some(h))
            }
            TC_PROXYCLASSDESC => {
                let h = self.new_handle(Handle::Pending);
                let n = self.u32()?;
                let mut names = Vec::new();
                for _ in 0..n {
                    names.push(self.short_utf()?);
                }
                self.skip_annotation(depth)?;
                let superclass = self.class_desc(depth - 1)?;
                self.set_handle(
                    h,
                    Handle::Class(Rc::new(ClassDesc {
                        name: format!("proxy({})", names.join(",")),
                        flags: SC_SERIALIZABLE,
                        fields: Vec::new(),
                        superclass,
                    })),
                )?;
                Ok(Some(h))
            }
            other => self.err(&format!("expected a class descriptor, found {other:#04x}")),
        }
    }

    /// Contents up to TC_ENDBLOCKDATA, kept.
    fn annotation(&mut self, depth: usize) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        loop {
            match self.content(depth - 1)? {
                Item::End => return Ok(items),
                item => items.push(item),
            }
        }
    }

    fn skip_annotation(&mut self, depth: usize) -> Result<(), String> {
        self.annotation(depth).map(drop)
    }

    /// The class hierarchy of `desc`, superclass first.
    fn hierarchy(&self, desc: usize) -> Result<Vec<Rc<ClassDesc>>, String> {
        let mut chain = Vec::new();
        let mut cur = Some(desc);
        while let Some(i) = cur {
            if chain.len() > 64 {
                return self.err("class hierarchy too deep");
            }
            let c = self.class(i)?;
            cur = c.superclass;
            chain.push(c);
        }
        chain.reverse();
        Ok(chain)
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        let Some(desc) = self.class_desc(depth)? else {
            return self.err("array without a class");
        };
        let class = self.class(desc)?;
        let h = self.new_handle(Handle::Pending);
        let n = self.u32()? as usize;
        let elem = class.name.as_bytes().get(1).copied().unwrap_or(b'L');
        let v = if elem == b'B' {
            let text = base64::engine::general_purpose::STANDARD.encode(self.take(n)?);
            self.spend(0, text.len())?;
            Value::String(text)
        } else {
            let mut items = Vec::new();
            for _ in 0..n {
                self.spend(1, 0)?;
                items.push(if elem == b'L' || elem == b'[' {
                    match self.content(depth - 1)? {
                        Item::Value(v) => v,
                        _ => return self.err("array element is not a value"),
                    }
                } else {
                    self.primitive(elem)?
                });
            }
            Value::Array(items)
        };
        self.keep(h, &v)?;
        Ok(v)
    }

    fn primitive(&mut self, code: u8) -> Result<Value, String> {
        Ok(match code {
            b'B' => Value::from(self.u8()? as i8),
            b'C' => {
                let c = self.u16()?;
                Value::String(
                    char::from_u32(u32::from(c))
                        .unwrap_or('\u{fffd}')
                        .to_string(),
                )
            }
            b'D' => num(f64::from_bits(self.u64()?)),
            b'F' => num(f64::from(f32::from_bits(self.u32()?))),
            b'I' => Value::from(self.u32()? as i32),
            b'J' => Value::from(self.u64()? as i64),
            b'S' => Value::from(self.u16()? as i16),
            b'Z' => Value::Bool(self.u8()? != 0),
            _ => return self.err("unknown primitive type"),
        })
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        let Some(desc) = self.class_desc(depth)? else {
            return self.err("object without a class");
        };
        let h = self.new_handle(Handle::Pending);
        let chain = self.hierarchy(desc)?;
        let class_name = chain.last().map(|c| c.name.clone()).unwrap_or_default();
        let mut fields = Map::new();
        let mut data: Vec<Item> = Vec::new();
        for c in &chain {
            if c.flags & SC_EXTERNALIZABLE != 0 {
                if c.flags & SC_BLOCK_DATA == 0 {
                    return self.err("externalizable data in protocol 1 cannot be read");
                }
                data.extend(self.annotation(depth)?);
                continue;
            }
            if c.flags & SC_SERIALIZABLE == 0 {
                continue;
            }
            for f in &c.fields {
                let v = if f.code == b'L' || f.code == b'[' {
                    match self.content(depth - 1)? {
                        Item::Value(v) => v,
                        _ => return self.err("field value is not a value"),
                    }
                } else {
                    self.primitive(f.code)?
                };
                // Each object copies its field names into the output.
                self.spend(1, f.name.len())?;
                fields.insert(f.name.clone(), v);
            }
            if c.flags & SC_WRITE_METHOD != 0 {
                data.extend(self.annotation(depth)?);
            }
        }
        let v = shape(&class_name, fields, data);
        self.keep(h, &v)?;
        Ok(v)
    }
}

/// The JSON form of an object of `class` with its `fields` and custom-written `data`.
fn shape(class: &str, mut fields: Map<String, Value>, data: Vec<Item>) -> Value {
    let boxed = matches!(
        class,
        "java.lang.Long"
            | "java.lang.Integer"
            | "java.lang.Short"
            | "java.lang.Byte"
            | "java.lang.Double"
            | "java.lang.Float"
            | "java.lang.Boolean"
            | "java.lang.Character"
    );
    if boxed && let Some(v) = fields.remove("value") {
        return v;
    }
    let simple = class.rsplit('.').next().unwrap_or(class);
    let objects = || {
        data.iter().filter_map(|i| match i {
            Item::Value(v) => Some(v.clone()),
            _ => None,
        })
    };
    if (simple.starts_with("Collections$Unmodifiable")
        || simple.starts_with("Collections$Synchronized")
        || simple.starts_with("Collections$Checked"))
        && let Some(inner) = fields.remove("c").or_else(|| fields.remove("m"))
    {
        return inner;
    }
    match simple {
        "ArrayList"
        | "LinkedList"
        | "ArrayDeque"
        | "HashSet"
        | "LinkedHashSet"
        | "Vector"
        | "CopyOnWriteArrayList" => {
            if simple == "Vector"
                && let Some(Value::Array(a)) = fields.remove("elementData")
            {
                return Value::Array(a.into_iter().filter(|v| !v.is_null()).collect());
            }
            return Value::Array(objects().collect());
        }
        // writeObject: comparator, size, elements.
        "TreeSet" => return Value::Array(objects().skip(1).collect()),
        "HashMap" | "LinkedHashMap" | "Hashtable" | "TreeMap" | "Properties" => {
            let items: Vec<Value> = objects().collect();
            let skip = usize::from(simple == "TreeMap" && items.len() % 2 == 1);
            let mut m = Map::new();
            for pair in items[skip..].chunks(2) {
                if let [k, v] = pair {
                    let key = match k {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    m.insert(key, v.clone());
                }
            }
            return Value::Object(m);
        }
        _ => {}
    }
    let mut out = Map::new();
    out.insert("@class".into(), Value::String(class.to_owned()));
    out.extend(fields);
    let extra: Vec<Value> = data
        .into_iter()
        .filter_map(|i| match i {
            Item::Value(v) => Some(v),
            Item::Block(b) => Some(Value::String(
                base64::engine::general_purpose::STANDARD.encode(b),
            )),
            Item::End => None,
        })
        .collect();
    if !extra.is_empty() {
        out.insert("@data".into(), Value::Array(extra));
    }
    Value::Object(out)
}

fn num(f: f64) -> Value {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// Java's modified UTF-8 (NUL as `c0 80`, supplementary characters as surrogate pairs), decoded
/// leniently: anything invalid becomes U+FFFD.
fn modified_utf8(s: &[u8]) -> String {
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b < 0x80 {
            units.push(u16::from(b));
            i += 1;
        } else if b & 0xe0 == 0xc0 && i + 1 < s.len() {
            units.push((u16::from(b & 0x1f) << 6) | u16::from(s[i + 1] & 0x3f));
            i += 2;
        } else if b & 0xf0 == 0xe0 && i + 2 < s.len() {
            units.push(
                (u16::from(b & 0x0f) << 12)
                    | (u16::from(s[i + 1] & 0x3f) << 6)
                    | u16::from(s[i + 2] & 0x3f),
            );
            i += 3;
        } else {
            units.push(0xfffd);
            i += 1;
        }
    }
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Limits;

    fn budget() -> Budget {
        Budget::new(&Limits::default())
    }

    fn dec(b: &[u8]) -> Result<Value, String> {
        decode(b, 64, &mut budget())
    }

    /// `TC_CLASSDESC` of `name`: serialVersionUID 0, `flags`, no fields, no annotation, no
    /// superclass.
    fn class_desc(name: &str, flags: u8) -> Vec<u8> {
        let mut b = vec![TC_CLASSDESC];
        b.extend_from_slice(&(name.len() as u16).to_be_bytes());
        b.extend_from_slice(name.as_bytes());
        b.extend_from_slice(&[0; 8]);
        b.extend_from_slice(&[flags, 0, 0, TC_ENDBLOCKDATA, TC_NULL]);
        b
    }

    /// `TC_ARRAY` of `Object[]` (its descriptor is handle 0, the array handle 1) with `n` elements;
    /// the elements follow.
    fn object_array(n: u32) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.push(TC_ARRAY);
        b.extend(class_desc("[Ljava.lang.Object;", SC_SERIALIZABLE));
        b.extend_from_slice(&n.to_be_bytes());
        b
    }

    fn reference(handle: u32) -> [u8; 5] {
        let h = (BASE_HANDLE + handle).to_be_bytes();
        [TC_REFERENCE, h[0], h[1], h[2], h[3]]
    }

    #[test]
    fn a_reset_inside_an_object_is_an_error_not_a_panic() {
        // The 46-byte value from the issue: Object[1] { TC_RESET, TC_NULL }. The reset cleared the
        // handle table while the array still had to fill its handle.
        let mut b = object_array(1);
        b.extend_from_slice(&[TC_RESET, TC_NULL]);
        assert_eq!(b.len(), 46);
        assert_eq!(
            dec(&b).unwrap_err(),
            "at byte 45: reset marker inside an object"
        );
        // The same in an object's field, an enum's name and a field's type name.
        let mut obj = MAGIC.to_vec();
        obj.extend_from_slice(b"sr\x00\x01A\0\0\0\0\0\0\0\0\x02\x00\x01L\x00\x01x");
        obj.extend_from_slice(b"t\x00\x12Ljava/lang/Object;xp");
        obj.extend_from_slice(&[TC_RESET, TC_NULL]);
        assert!(
            dec(&obj)
                .unwrap_err()
                .contains("reset marker inside an object")
        );
        let mut en = MAGIC.to_vec();
        en.push(TC_ENUM);
        en.extend(class_desc("E", SC_SERIALIZABLE | 0x10));
        en.extend_from_slice(&[TC_RESET]);
        en.extend_from_slice(b"t\x00\x01A");
        assert!(
            dec(&en)
                .unwrap_err()
                .contains("reset marker inside an object")
        );
        let mut ty = MAGIC.to_vec();
        ty.extend_from_slice(b"sr\x00\x01A\0\0\0\0\0\0\0\0\x02\x00\x01L\x00\x01x");
        ty.extend_from_slice(&[TC_RESET]);
        ty.extend_from_slice(b"t\x00\x12Ljava/lang/Object;xpp");
        assert!(
            dec(&ty)
                .unwrap_err()
                .contains("reset marker inside an object")
        );
        // A reset before the object is what Java writes after `reset()`: fine.
        let mut top = MAGIC.to_vec();
        top.extend_from_slice(b"yyt\x00\x0242");
        assert_eq!(dec(&top).unwrap(), "42");
    }

    #[test]
    fn references_are_charged_what_they_expand_to() {
        // Object[8001] { a 65,535-byte string (handle 2), then 8,000 references to it }: 116 KB
        // that expanded to half a gigabyte.
        let mut b = object_array(8001);
        b.extend_from_slice(&[TC_STRING, 0xff, 0xff]);
        b.extend(std::iter::repeat_n(b'a', 0xffff));
        for _ in 0..8000 {
            b.extend_from_slice(&reference(2));
        }
        let err = dec(&b).unwrap_err();
        assert!(
            err.ends_with("too large: more than 67108864 bytes of text"),
            "{err}"
        );
        // Object[200001] of references to an empty Object[] (handle 2): nodes, not text.
        let mut b = object_array(200_001);
        b.push(TC_ARRAY);
        b.extend_from_slice(&reference(0));
        b.extend_from_slice(&0u32.to_be_bytes());
        for _ in 0..200_000 {
            b.extend_from_slice(&reference(2));
        }
        let l = Limits {
            max_nodes: 100_000,
            ..Limits::default()
        };
        let err = decode(&b, 64, &mut Budget::new(&l)).unwrap_err();
        assert!(err.ends_with("too large: more than 100000 nodes"), "{err}");
    }

    #[test]
    fn class_references_do_not_copy_the_descriptor() {
        // Object[20000] of objects of one class with 65,535 fields that is not serializable (so
        // its objects carry no field data): each object is `s q 00 7e 00 02`, 6 bytes that used
        // to copy all the field names.
        let mut b = object_array(20_000);
        b.extend_from_slice(&[TC_OBJECT, TC_CLASSDESC, 0x00, 0x01, b'C']);
        b.extend_from_slice(&[0; 8]);
        b.extend_from_slice(&[0x00, 0xff, 0xff]);
        for _ in 0..0xffff {
            b.extend_from_slice(&[b'I', 0x00, 0x01, b'f']);
        }
        b.extend_from_slice(&[TC_ENDBLOCKDATA, TC_NULL]);
        for _ in 1..20_000 {
            b.push(TC_OBJECT);
            b.extend_from_slice(&reference(2));
        }
        let start = std::time::Instant::now();
        let v = dec(&b).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(20_000));
        assert_eq!(v[19_999], serde_json::json!({"@class": "C"}));
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn strings_and_boxed_numbers() {
        // new String("42")
        assert_eq!(
            decode(b"\xac\xed\x00\x05t\x00\x0242", 64, &mut budget()).unwrap(),
            "42"
        );
        // Long.valueOf(1700000000000L)
        let long = b"\xac\xed\x00\x05sr\x00\x0ejava.lang.Long;\x8b\xe4\x90\xcc\x8f#\xdf\x02\x00\x01J\x00\x05valuexr\x00\x10java.lang.Number\x86\xac\x95\x1d\x0b\x94\xe0\x8b\x02\x00\x00xp\x00\x00\x01\x8b\xcf\xe8\x38\x00";
        assert_eq!(
            decode(long, 64, &mut budget()).unwrap(),
            Value::from(0x0000_018b_cfe8_3800_i64)
        );
    }

    #[test]
    fn hostile_streams_fail_cleanly() {
        assert!(decode(b"\xac\xed\x00\x05", 64, &mut budget()).is_err());
        assert!(decode(b"not java", 64, &mut budget()).is_err());
        // A long string claiming 2^63 bytes: an error, not an allocation.
        let mut b = b"\xac\xed\x00\x05|".to_vec();
        b.extend_from_slice(&[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        assert!(
            decode(&b, 64, &mut budget())
                .unwrap_err()
                .contains("longer than the stream")
        );
        // A reference to a handle that does not exist.
        assert!(decode(b"\xac\xed\x00\x05q\x00~\x00\x09", 64, &mut budget()).is_err());
        // Deeply nested arrays of Object: the depth cap stops them.
        let mut deep = b"\xac\xed\x00\x05ur\x00\x13[Ljava.lang.Object;\x90\xceX\x9f\x10s)l\x02\x00\x00xp\x00\x00\x00\x01".to_vec();
        for _ in 0..500 {
            deep.extend_from_slice(b"uq\x00~\x00\x00\x00\x00\x00\x01");
        }
        assert!(
            decode(&deep, 64, &mut budget())
                .unwrap_err()
                .contains("nested too deeply")
        );
        // Truncation anywhere is an error.
        let long = b"\xac\xed\x00\x05sr\x00\x0ejava.lang.Long;\x8b\xe4\x90\xcc\x8f#\xdf\x02\x00\x01J\x00\x05valuexr\x00\x10java.lang.Number\x86\xac\x95\x1d\x0b\x94\xe0\x8b\x02\x00\x00xp\x00\x00\x01\x8b\xcf\xe8\x38\x00";
        for n in 4..long.len() {
            assert!(decode(&long[..n], 64, &mut budget()).is_err(), "prefix {n}");
        }
    }

    #[test]
    fn modified_utf8_nul_and_surrogates() {
        assert_eq!(modified_utf8(b"a\xc0\x80b"), "a\0b");
        assert_eq!(modified_utf8(b"\xed\xa0\xbd\xed\xb8\x80"), "\u{1f600}");
    }
}
