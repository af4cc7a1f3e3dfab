//! Python pickle (Django's cache backends, Flask-Session ≤ 0.6), through serde-pickle, which
//! interprets the opcodes without running anything: globals (classes, functions) are replaced by
//! null rather than resolved, recursive structures are cut.
//!
//! serde-pickle trusts its input in three ways that a stored value must not be able to exploit,
//! so the opcodes are first walked here, without building anything ([`scan`]):
//! - it recurses once per nesting level to convert and to drop a value, so a list nested a
//!   million deep overflows the stack: nesting is measured on the opcodes (memo references
//!   included) and refused past the depth limit;
//! - a memo reference is copied on every use, so the output can be far larger than the input:
//!   the values it can produce are counted and charged to the record's [`Budget`];
//! - a big integer is converted to text in quadratic time: `LONG`, `LONG1` and `LONG4` integers
//!   longer than [`MAX_INT_BYTES`] are refused.

use std::collections::HashMap;

use serde_json::{Map, Value};
use serde_pickle::{DeOptions, HashableValue, Value as P};

use super::Budget;

/// Longest integer accepted, in bytes of `LONG1`/`LONG4` data (twice that in `LONG` digits):
/// 2048 bits, far beyond any id.
pub const MAX_INT_BYTES: usize = 256;

/// Decodes one pickle.
///
/// # Errors
/// Malformed data, nesting beyond `max_depth`, an integer longer than [`MAX_INT_BYTES`], or
/// output beyond the budget.
pub fn decode(bytes: &[u8], max_depth: usize, budget: &mut Budget) -> Result<Value, String> {
    let (nodes, text) = scan(bytes, max_depth, *budget)?;
    budget.spend(nodes, text)?;
    let opts = DeOptions::new()
        .replace_unresolved_globals()
        .replace_recursive_structures();
    let v = serde_pickle::value_from_slice(bytes, opts).map_err(|e| e.to_string())?;
    let v = to_json(v, max_depth)?;
    // The scan counts text as stored; what is built can hold more (a dict key that is not a
    // string is written out, invalid UTF-8 in bytes becomes U+FFFD): the rest is charged now.
    let (built_nodes, built_text) = super::size(&v);
    // The scan is what stops serde-pickle from building too much: it must never undercount
    // values (checked wherever debug assertions are on, the fuzz targets included).
    debug_assert!(
        built_nodes <= nodes,
        "the scan counted {nodes} nodes, {built_nodes} were built"
    );
    budget.spend(
        built_nodes.saturating_sub(nodes),
        built_text.saturating_sub(text),
    )?;
    Ok(v)
}

/// What a value on the pickle machine's stack amounts to, memo references aside.
#[derive(Debug, Clone, Default)]
struct Cost {
    /// Values (JSON nodes), copies of nested values included.
    nodes: usize,
    /// Bytes of text.
    text: usize,
    /// Nesting height (a scalar is 1).
    height: usize,
    /// Memo references inside, with how deep they sit (1: a direct item).
    refs: Vec<(u32, usize)>,
}

impl Cost {
    fn leaf(text: usize) -> Cost {
        Cost {
            nodes: 1,
            text,
            height: 1,
            refs: Vec::new(),
        }
    }
}

/// A stack slot: a value, or a reference to a memo entry (which later opcodes can still modify).
#[derive(Debug, Clone)]
enum Slot {
    Own(Cost),
    Memo(u32),
}

/// A memo entry: its value, and how many references to it exist. serde-pickle materialises an
/// entry once per reference at most (each use takes one; a cycle or an extra copy gets null), so
/// `uses × (size + references inside)` bounds what the entry contributes to the output.
#[derive(Debug, Clone)]
struct Entry {
    cost: Cost,
    uses: usize,
}

struct Scan<'a> {
    b: &'a [u8],
    pos: usize,
    stack: Vec<Slot>,
    /// Stack lengths at each open MARK.
    marks: Vec<usize>,
    memo: HashMap<u32, Entry>,
    max_depth: usize,
    /// Work allowed while scanning (a copy of the record's budget: every push and copy counts).
    work: Budget,
    /// A float was read (`F`, `G`).
    floats: bool,
    /// A set may be built (`EMPTY_SET`, `ADDITEMS`, `FROZENSET`, or a global, which may be
    /// `builtins.set`).
    sets: bool,
}

/// Walks the opcodes of a pickle as serde-pickle interprets them, tracking the cost of each stack
/// value instead of the value. Returns an upper bound on the nodes and bytes of text the pickle
/// decodes to.
///
/// # Errors
/// Malformed opcodes, nesting beyond `max_depth`, an integer longer than [`MAX_INT_BYTES`], or
/// more work or output than `budget` allows.
fn scan(b: &[u8], max_depth: usize, budget: Budget) -> Result<(usize, usize), String> {
    let mut s = Scan {
        b,
        pos: 0,
        stack: Vec::new(),
        marks: Vec::new(),
        memo: HashMap::new(),
        max_depth,
        work: budget,
        floats: false,
        sets: false,
    };
    let root = s.run()?;
    // serde-pickle orders a set's items with an order that is not total once floats are among
    // them (NaN, or 1.5 against a big integer), and the standard library's sort panics on such
    // an order (a fuzz finding): such a pickle is refused rather than handed over.
    if s.floats && s.sets {
        return Err("a set beside floats: not decoded (serde-pickle cannot order them)".into());
    }
    s.total(root)
}

/// Adds `child` into `parent` one level down; refuses nesting beyond `max_depth`.
fn add(parent: &mut Cost, child: Slot, max_depth: usize) -> Result<(), &'static str> {
    match child {
        Slot::Own(c) => {
            parent.nodes = parent.nodes.saturating_add(c.nodes);
            parent.text = parent.text.saturating_add(c.text);
            parent.height = parent.height.max(c.height + 1);
            parent
                .refs
                .extend(c.refs.into_iter().map(|(id, d)| (id, d + 1)));
        }
        Slot::Memo(id) => parent.refs.push((id, 1)),
    }
    if parent.height > max_depth {
        return Err("nested too deeply");
    }
    Ok(())
}

impl Scan<'_> {
    fn err<T>(&self, msg: &str) -> Result<T, String> {
        Err(format!("at byte {}: {msg}", self.pos))
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

    fn le(&mut self, n: usize) -> Result<u64, String> {
        let s = self.take(n)?;
        Ok(s.iter()
            .rev()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// A newline-terminated argument (the end of the data ends it too, as in serde-pickle).
    fn line(&mut self) -> Result<&[u8], String> {
        let rest = &self.b[self.pos..];
        let n = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
        self.take(n)
    }

    /// A length-prefixed argument; returns its length.
    fn counted(&mut self, prefix: usize, signed: bool) -> Result<usize, String> {
        let n = self.le(prefix)?;
        if signed && n & 0x8000_0000 != 0 {
            return self.err("negative length");
        }
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        self.take(n).map(<[u8]>::len)
    }

    fn work(&mut self, nodes: usize, text: usize) -> Result<(), String> {
        match self.work.spend(nodes, text) {
            Ok(()) => Ok(()),
            Err(e) => self.err(&e),
        }
    }

    fn push(&mut self, c: Cost) -> Result<(), String> {
        self.work(1, c.text)?;
        self.stack.push(Slot::Own(c));
        Ok(())
    }

    fn floor(&self) -> usize {
        self.marks.last().copied().unwrap_or(0)
    }

    fn pop(&mut self) -> Result<Slot, String> {
        if self.stack.len() <= self.floor() {
            return self.err("stack underflow");
        }
        match self.stack.pop() {
            Some(s) => Ok(s),
            None => self.err("stack underflow"),
        }
    }

    fn pop_mark(&mut self) -> Result<Vec<Slot>, String> {
        match self.marks.pop() {
            Some(m) => Ok(self.stack.split_off(m.min(self.stack.len()))),
            None => self.err("stack underflow (no mark)"),
        }
    }

    /// A copy of what `slot` holds at this level (a memo entry's value for a reference).
    fn copy(&mut self, slot: &Slot) -> Result<Cost, String> {
        let c = match slot {
            Slot::Own(c) => c.clone(),
            Slot::Memo(id) => match self.memo.get(id) {
                Some(e) => e.cost.clone(),
                None => return self.err("reference to a missing memo entry"),
            },
        };
        self.work(c.nodes.saturating_add(c.refs.len()), c.text)?;
        Ok(c)
    }

    /// Adds `child` into `parent` one level down.
    fn add(&self, parent: &mut Cost, child: Slot) -> Result<(), String> {
        match add(parent, child, self.max_depth) {
            Ok(()) => Ok(()),
            Err(e) => self.err(e),
        }
    }

    /// A new container holding `items`.
    fn container(&mut self, items: Vec<Slot>) -> Result<(), String> {
        let mut c = Cost::leaf(0);
        for i in items {
            self.add(&mut c, i)?;
        }
        self.push(c)
    }

    /// Adds `items` to the container on top of the stack (APPEND, SETITEM, …), in place: a
    /// reference on top modifies the memo entry, as in serde-pickle.
    fn extend_top(&mut self, items: Vec<Slot>) -> Result<(), String> {
        if self.stack.len() <= self.floor() {
            return self.err("stack underflow");
        }
        let max_depth = self.max_depth;
        let top = match self.stack.last_mut() {
            Some(Slot::Own(c)) => Some(c),
            Some(Slot::Memo(id)) => {
                let id = *id;
                self.memo.get_mut(&id).map(|e| &mut e.cost)
            }
            None => None,
        };
        let Some(top) = top else {
            return self.err("reference to a missing memo entry");
        };
        let mut result = Ok(());
        for i in items {
            result = add(top, i, max_depth);
            if result.is_err() {
                break;
            }
        }
        match result {
            Ok(()) => Ok(()),
            Err(e) => self.err(e),
        }
    }

    fn memoize(&mut self, id: u32) -> Result<(), String> {
        let cost = match self.pop()? {
            Slot::Own(c) => c,
            // serde-pickle copies the referenced entry.
            r @ Slot::Memo(_) => self.copy(&r)?,
        };
        self.memo.insert(id, Entry { cost, uses: 1 });
        self.stack.push(Slot::Memo(id));
        Ok(())
    }

    fn get(&mut self, id: u32) -> Result<(), String> {
        self.work(1, 0)?;
        match self.memo.get_mut(&id) {
            Some(e) => e.uses += 1,
            None => return self.err("reference to a missing memo entry"),
        }
        self.stack.push(Slot::Memo(id));
        Ok(())
    }

    fn ascii_id(&mut self) -> Result<u32, String> {
        let line = self.line()?;
        let id = std::str::from_utf8(line)
            .ok()
            .and_then(|l| l.trim_end().parse::<u32>().ok());
        match id {
            Some(id) => Ok(id),
            None => self.err("bad memo id"),
        }
    }

    fn long_bytes(&self, n: usize) -> Result<(), String> {
        if n > MAX_INT_BYTES {
            return self.err(&format!(
                "integer of {n} bytes is too long (the limit is {MAX_INT_BYTES})"
            ));
        }
        Ok(())
    }

    /// Runs the opcodes to STOP; returns the value STOP returns.
    fn run(&mut self) -> Result<Slot, String> {
        loop {
            let op = self.u8()?;
            match op {
                b'F' | b'G' => self.floats = true,
                0x8f | 0x90 | 0x91 | b'c' | 0x93 => self.sets = true,
                _ => {}
            }
            match op {
                0x80 => drop(self.u8()?),                  // PROTO
                0x95 => drop(self.le(8)?),                 // FRAME
                b'.' => return self.pop(),                 // STOP
                b'(' => self.marks.push(self.stack.len()), // MARK
                b'0' => {
                    // POP: an empty stack since the mark pops the mark.
                    if self.stack.len() <= self.floor() {
                        self.pop_mark()?;
                    } else {
                        self.pop()?;
                    }
                }
                b'1' => drop(self.pop_mark()?), // POP_MARK
                b'2' => {
                    // DUP: serde-pickle pushes a copy of the value on top, and of a memo
                    // reference's entry too (not another reference, which its use count
                    // would bound): a fuzz finding, 146 bytes of duplicated tuples that
                    // decoded to 388,270 nodes where this scan counted 393.
                    let top = self.pop()?;
                    let copy = Slot::Own(self.copy(&top)?);
                    self.work(1, 0)?;
                    self.stack.push(top);
                    self.stack.push(copy);
                }
                b'p' => {
                    let id = self.ascii_id()?;
                    self.memoize(id)?;
                }
                b'q' => {
                    let id = u32::from(self.u8()?);
                    self.memoize(id)?;
                }
                b'r' => {
                    let id = self.le(4)? as u32;
                    self.memoize(id)?;
                }
                0x94 => {
                    let id = u32::try_from(self.memo.len()).unwrap_or(u32::MAX);
                    self.memoize(id)?;
                }
                b'g' => {
                    let id = self.ascii_id()?;
                    self.get(id)?;
                }
                b'h' => {
                    let id = u32::from(self.u8()?);
                    self.get(id)?;
                }
                b'j' => {
                    let id = self.le(4)? as u32;
                    self.get(id)?;
                }
                b'N' | 0x88 | 0x89 => self.push(Cost::leaf(0))?,
                b'I' | b'F' => {
                    self.line()?;
                    self.push(Cost::leaf(0))?;
                }
                b'L' => {
                    let n = self.line()?.len();
                    self.long_bytes(n / 2)?;
                    self.push(Cost::leaf(n))?;
                }
                // STRING, UNICODE: escaped text on one line.
                b'S' | b'V' => {
                    let n = self.line()?.len();
                    self.push(Cost::leaf(n))?;
                }
                b'G' => {
                    self.take(8)?;
                    self.push(Cost::leaf(0))?;
                }
                b'J' | b'K' | b'M' => {
                    self.take(match op {
                        b'J' => 4,
                        b'K' => 1,
                        _ => 2,
                    })?;
                    self.push(Cost::leaf(0))?;
                }
                0x8a | 0x8b => {
                    // LONG1, LONG4: checked before the bytes are read.
                    let n = if op == 0x8a {
                        u64::from(self.u8()?)
                    } else {
                        self.le(4)?
                    };
                    if op == 0x8b && n & 0x8000_0000 != 0 {
                        return self.err("negative length");
                    }
                    self.long_bytes(usize::try_from(n).unwrap_or(usize::MAX))?;
                    self.take(n as usize)?;
                    // Its digits: under 2.5 per byte.
                    self.push(Cost::leaf(3 * n as usize))?;
                }
                // Text: SHORT_BINSTRING, BINSTRING, SHORT_BINUNICODE, BINUNICODE, BINUNICODE8.
                b'U' | 0x8c | b'T' | b'X' | 0x8d => {
                    let n = match op {
                        b'U' | 0x8c => self.counted(1, false)?,
                        b'T' => self.counted(4, true)?,
                        b'X' => self.counted(4, false)?,
                        _ => self.counted(8, false)?,
                    };
                    self.push(Cost::leaf(n))?;
                }
                // Bytes (SHORT_BINBYTES, BINBYTES, BINBYTES8, BYTEARRAY8): shown as lossy text,
                // up to three bytes for each.
                b'C' | b'B' | 0x8e | 0x96 => {
                    let n = match op {
                        b'C' => self.counted(1, false)?,
                        b'B' => self.counted(4, false)?,
                        _ => self.counted(8, false)?,
                    };
                    self.push(Cost::leaf(n.saturating_mul(3)))?;
                }
                // EMPTY_TUPLE, EMPTY_LIST, EMPTY_DICT, EMPTY_SET
                b')' | b']' | b'}' | 0x8f => self.push(Cost::leaf(0))?,
                0x85..=0x87 => {
                    // TUPLE1..3
                    let n = usize::from(op - 0x84);
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.pop()?);
                    }
                    items.reverse();
                    self.container(items)?;
                }
                // TUPLE, LIST, DICT, FROZENSET: from the items since the mark.
                b't' | b'l' | b'd' | 0x91 => {
                    let items = self.pop_mark()?;
                    self.container(items)?;
                }
                // APPEND
                b'a' => {
                    let v = self.pop()?;
                    self.extend_top(vec![v])?;
                }
                // SETITEM
                b's' => {
                    let v = self.pop()?;
                    let k = self.pop()?;
                    self.extend_top(vec![k, v])?;
                }
                // APPENDS, SETITEMS, ADDITEMS
                b'e' | b'u' | 0x90 => {
                    let items = self.pop_mark()?;
                    self.extend_top(items)?;
                }
                // GLOBAL: module and name lines.
                b'c' => {
                    self.line()?;
                    self.line()?;
                    self.push(Cost::leaf(0))?;
                }
                // STACK_GLOBAL
                0x93 => {
                    self.pop()?;
                    self.pop()?;
                    self.push(Cost::leaf(0))?;
                }
                // REDUCE: the few globals serde-pickle applies (set, list, …) rebuild their
                // argument's items; count the argument with its directly referenced entries.
                b'R' => {
                    let args = self.pop()?;
                    self.pop()?;
                    let mut c = self.copy(&args)?;
                    let direct: Vec<u32> = c
                        .refs
                        .iter()
                        .filter(|(_, d)| *d <= 2)
                        .map(|(id, _)| *id)
                        .collect();
                    for id in direct {
                        let inner = self.copy(&Slot::Memo(id))?;
                        self.add(&mut c, Slot::Own(inner))?;
                    }
                    self.push(c)?;
                }
                // INST (module and class lines), OBJ: arguments since the mark; an empty dict.
                b'i' | b'o' => {
                    if op == b'i' {
                        self.line()?;
                        self.line()?;
                    }
                    self.pop_mark()?;
                    if op == b'o' {
                        self.pop()?;
                    }
                    self.push(Cost::leaf(0))?;
                }
                // NEWOBJ, NEWOBJ_EX: an empty dict.
                0x81 | 0x92 => {
                    for _ in 0..(if op == 0x81 { 2 } else { 3 }) {
                        self.pop()?;
                    }
                    self.push(Cost::leaf(0))?;
                }
                // BUILD: the state replaces the object.
                b'b' => {
                    let state = self.pop()?;
                    self.pop()?;
                    self.work(1, 0)?;
                    self.stack.push(state);
                }
                other => return self.err(&format!("unsupported opcode {other:#04x}")),
            }
        }
    }

    /// The nodes and text `root` can decode to, memo references expanded (each entry as many
    /// times as it has uses), after checking the nesting that references add.
    fn total(&self, root: Slot) -> Result<(usize, usize), String> {
        // A reference that finds its entry used up becomes null: one node still.
        let (mut nodes, mut text) = match &root {
            Slot::Own(c) => (c.nodes.saturating_add(c.refs.len()), c.text),
            Slot::Memo(_) => (1, 0),
        };
        for e in self.memo.values() {
            let own = e.cost.nodes.saturating_add(e.cost.refs.len());
            nodes = nodes.saturating_add(own.saturating_mul(e.uses));
            text = text.saturating_add(e.cost.text.saturating_mul(e.uses));
        }
        if self.height(&root) > self.max_depth {
            return Err("nested too deeply".into());
        }
        Ok((nodes, text))
    }

    /// The nesting height of `root` with memo references expanded: exact when references form
    /// no cycle; with a cycle (which serde-pickle cuts), bounded by every entry's height added up.
    fn height(&self, root: &Slot) -> usize {
        let root_cost = match root {
            Slot::Own(c) => c.clone(),
            Slot::Memo(id) => Cost {
                refs: vec![(*id, 0)],
                ..Cost::default()
            },
        };
        // Heights of entries, computed depth-first without recursion.
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Open,
            Done(usize),
        }
        let mut state: HashMap<u32, State> = HashMap::new();
        let mut cyclic = false;
        let mut todo: Vec<(u32, bool)> = root_cost.refs.iter().map(|r| (r.0, false)).collect();
        while let Some((id, children_done)) = todo.pop() {
            let Some(e) = self.memo.get(&id) else {
                continue;
            };
            if children_done {
                let h = e
                    .cost
                    .refs
                    .iter()
                    .fold(e.cost.height, |h, (r, d)| match state.get(r) {
                        Some(State::Done(rh)) => h.max(d + rh),
                        _ => h.max(d + 1),
                    });
                state.insert(id, State::Done(h));
                continue;
            }
            match state.get(&id) {
                Some(State::Done(_)) => continue,
                Some(State::Open) => {
                    cyclic = true;
                    continue;
                }
                None => {}
            }
            state.insert(id, State::Open);
            todo.push((id, true));
            for (r, _) in &e.cost.refs {
                match state.get(r) {
                    Some(State::Open) => cyclic = true,
                    Some(State::Done(_)) => {}
                    None => todo.push((*r, false)),
                }
            }
        }
        if cyclic {
            return self
                .memo
                .values()
                .fold(root_cost.height, |h, e| h.saturating_add(e.cost.height));
        }
        root_cost
            .refs
            .iter()
            .fold(root_cost.height, |h, (r, d)| match state.get(r) {
                Some(State::Done(rh)) => h.max(d + rh),
                _ => h,
            })
    }
}

fn to_json(v: P, depth: usize) -> Result<Value, String> {
    if depth == 0 {
        return Err("nested too deeply".into());
    }
    Ok(match v {
        P::None => Value::Null,
        P::Bool(b) => Value::Bool(b),
        P::I64(i) => Value::from(i),
        P::Int(b) => big(&b.to_string()),
        P::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        P::Bytes(b) => super::text(&b),
        P::String(s) => Value::String(s),
        P::List(items) | P::Tuple(items) => Value::Array(
            items
                .into_iter()
                .map(|i| to_json(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        P::Set(items) | P::FrozenSet(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        P::Dict(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match hashable(k, depth - 1)? {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                m.insert(key, to_json(v, depth - 1)?);
            }
            Value::Object(m)
        }
    })
}

fn hashable(v: HashableValue, depth: usize) -> Result<Value, String> {
    if depth == 0 {
        return Err("nested too deeply".into());
    }
    Ok(match v {
        HashableValue::None => Value::Null,
        HashableValue::Bool(b) => Value::Bool(b),
        HashableValue::I64(i) => Value::from(i),
        HashableValue::Int(b) => big(&b.to_string()),
        HashableValue::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        HashableValue::Bytes(b) => super::text(&b),
        HashableValue::String(s) => Value::String(s),
        HashableValue::Tuple(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
        HashableValue::FrozenSet(items) => Value::Array(
            items
                .into_iter()
                .map(|i| hashable(i, depth - 1))
                .collect::<Result<_, _>>()?,
        ),
    })
}

/// A big integer as a JSON number (serde_json's arbitrary precision keeps its digits).
fn big(digits: &str) -> Value {
    serde_json::from_str(digits).unwrap_or_else(|_| Value::String(digits.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Limits;

    fn budget() -> Budget {
        Budget::new(&Limits::default())
    }

    fn dec(b: &[u8]) -> Result<Value, String> {
        decode(b, 128, &mut budget())
    }

    fn timed(b: &[u8]) -> Result<Value, String> {
        let start = std::time::Instant::now();
        let r = dec(b);
        assert!(start.elapsed() < std::time::Duration::from_secs(5));
        r
    }

    #[test]
    fn deep_nesting_is_refused_before_serde_pickle_recurses() {
        // `]` (EMPTY_LIST) pushed n times, then n-1 `a` (APPEND) each putting the top list in the
        // one below: a list nested n deep. A million deep (2 MB) aborted the process.
        let deep = |n: usize| {
            let mut b = b"\x80\x04".to_vec();
            b.extend(std::iter::repeat_n(b']', n));
            b.extend(std::iter::repeat_n(b'a', n - 1));
            b.push(b'.');
            b
        };
        assert_eq!(
            timed(&deep(1_000_000)).unwrap_err(),
            "at byte 1000130: nested too deeply"
        );
        assert_eq!(
            timed(&deep(200_000)).unwrap_err(),
            "at byte 200130: nested too deeply"
        );
        // 128 levels are fine.
        assert!(dec(&deep(128)).is_ok());
        // The same depth through the memo: list k holds a reference to list k-1
        // (`] r<k> j<k-1> a` … with LONG_BINPUT / LONG_BINGET), each built at the top level.
        let mut b = b"\x80\x04]r\x00\x00\x00\x00".to_vec();
        for k in 1u32..100_000 {
            b.push(b']');
            b.push(b'j');
            b.extend_from_slice(&(k - 1).to_le_bytes());
            b.push(b'a');
            b.push(b'r');
            b.extend_from_slice(&k.to_le_bytes());
        }
        b.push(b'.');
        assert_eq!(timed(&b).unwrap_err(), "nested too deeply");
    }

    #[test]
    fn long_integers_are_refused_before_they_are_converted() {
        // LONG4 with 4,000,000 bytes of digits took 5.8 s.
        let mut b = b"\x80\x04\x8b".to_vec();
        b.extend_from_slice(&4_000_000u32.to_le_bytes());
        b.resize(b.len() + 4_000_000, 0x7f);
        b.push(b'.');
        assert_eq!(
            timed(&b).unwrap_err(),
            "at byte 7: integer of 4000000 bytes is too long (the limit is 256)"
        );
        // LONG1 up to 255 bytes is read.
        let mut b = b"\x80\x04\x8a\xff".to_vec();
        b.resize(b.len() + 255, 0x11);
        b.push(b'.');
        assert!(dec(&b).unwrap().is_number());
        // Text LONG: digits and `L`.
        let mut b = b"\x80\x02L".to_vec();
        b.extend(std::iter::repeat_n(b'9', 5000));
        b.extend_from_slice(b"L\n.");
        assert!(dec(&b).unwrap_err().contains("is too long"));
    }

    #[test]
    fn output_is_charged_to_the_budget() {
        // A list of 2,000,000 None (`] ( N… e .`): zlib makes 32 million of them 32 KB.
        let mut b = b"\x80\x04](".to_vec();
        b.resize(b.len() + 2_000_000, b'N');
        b.extend_from_slice(b"e.");
        assert!(
            timed(&b)
                .unwrap_err()
                .ends_with("too large: more than 1000000 nodes")
        );
        // A 60,000-byte string memoized (q 0), then a list of 10,000 references to it (h 0):
        // each reference is a copy.
        let mut b = b"\x80\x04X".to_vec();
        b.extend_from_slice(&60_000u32.to_le_bytes());
        b.resize(b.len() + 60_000, b'a');
        b.extend_from_slice(b"q\x000](");
        for _ in 0..10_000 {
            b.extend_from_slice(b"h\x00");
        }
        b.extend_from_slice(b"e.");
        assert_eq!(
            timed(&b).unwrap_err(),
            "too large: more than 67108864 bytes of text"
        );
        // References doubling at each level (list k = [list k-1, list k-1]) stay bounded:
        // serde-pickle expands an entry once per reference.
        let mut b = b"\x80\x04]q\x00".to_vec();
        for k in 1u8..40 {
            b.extend_from_slice(&[b']', b'(', b'h', k - 1, b'h', k - 1, b'e', b'q', k]);
        }
        b.push(b'.');
        let v = timed(&b).unwrap();
        let (n, _) = crate::store::codec::size(&v);
        assert!(n < 300, "{n}");
        assert!(scan(&b, 128, budget()).unwrap().0 >= n);
    }

    #[test]
    fn a_set_beside_floats_is_refused() {
        // frozenset({nan, 1.0}): `( G<nan> G<1.0> \x91 .`; serde-pickle's sort panicked.
        let mut b = b"\x80\x04(G".to_vec();
        b.extend_from_slice(&f64::NAN.to_be_bytes());
        b.push(b'G');
        b.extend_from_slice(&1.0f64.to_be_bytes());
        b.extend_from_slice(b"\x91.");
        assert!(timed(&b).unwrap_err().starts_with("a set beside floats"));
        // Floats alone, and sets alone, are read.
        let mut b = b"\x80\x04]G".to_vec();
        b.extend_from_slice(&1.5f64.to_be_bytes());
        b.extend_from_slice(b"a.");
        assert_eq!(dec(&b).unwrap(), serde_json::json!([1.5]));
        assert_eq!(
            dec(b"\x80\x04(K\x02K\x01\x91.").unwrap(),
            serde_json::json!([1, 2])
        );
    }

    #[test]
    fn a_duplicated_reference_is_a_copy() {
        // `}` memoized (0x94), DUP twice, TUPLE3, memoized; then that tuple DUP'd into TUPLE3
        // again, and so on: serde-pickle's DUP copies the memo entry, so each level more than
        // doubles.
        let tripled = |levels: usize| {
            let mut b = b"\x80\x04}\x94".to_vec();
            for _ in 0..levels {
                b.extend_from_slice(b"22\x87\x94");
            }
            b.push(b'.');
            b
        };
        let b = tripled(11);
        let (nodes, _) = scan(&b, 128, budget()).unwrap();
        let (built, _) = crate::store::codec::size(&dec(&b).unwrap());
        assert!(built > 2usize.pow(11) && nodes >= built, "{nodes} {built}");
        // Twenty levels (2.35^20, about 26 million nodes): refused before serde-pickle builds it.
        assert!(
            timed(&tripled(20))
                .unwrap_err()
                .ends_with("too large: more than 1000000 nodes")
        );
    }

    #[test]
    fn the_scan_bounds_what_serde_pickle_builds() {
        // A Django session: {"_auth_user_id": "42", "cart": ["a", "b"], "n": 1}.
        let b = b"\x80\x05\x953\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\r_auth_user_id\x94\x8c\x0242\x94\x8c\x04cart\x94]\x94(\x8c\x01a\x94\x8c\x01b\x94e\x8c\x01n\x94K\x01u.";
        let (nodes, text) = scan(b, 128, budget()).unwrap();
        let v = dec(b).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"_auth_user_id": "42", "cart": ["a", "b"], "n": 1})
        );
        let (n, t) = crate::store::codec::size(&v);
        assert!(nodes >= n && text >= t, "{nodes} {text} vs {n} {t}");
        // Conservative (keys count as values, and each memo reference as a possible null), but
        // of the same order.
        assert!(nodes <= 3 * n, "{nodes} vs {n}");
    }

    #[test]
    fn django_session_dict() {
        // pickle.dumps({"_auth_user_id": "42", "n": 1}, protocol=5)
        let b = b"\x80\x05\x95\x1f\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\r_auth_user_id\x94\x8c\x0242\x94\x8c\x01n\x94K\x01u.";
        let v = decode(b, 16, &mut budget()).unwrap();
        assert_eq!(v, serde_json::json!({"_auth_user_id": "42", "n": 1}));
    }

    #[test]
    fn globals_are_never_resolved() {
        // pickle of os.system("x") via REDUCE: must not run, becomes null or an error.
        let b = b"\x80\x04cposix\nsystem\nX\x01\x00\x00\x00x\x85R.";
        match decode(b, 16, &mut budget()) {
            Ok(v) => assert_eq!(v, Value::Null),
            Err(e) => assert!(!e.is_empty()),
        }
        assert!(
            decode(
                b"\x80\x05\x95garbage-not-a-pickle\xff\x00",
                16,
                &mut budget()
            )
            .is_err()
        );
    }
}
