//! `--store`'s values: `auto` and the store presets, read from the table in
//! [`crate::store::preset::PRESETS`] (names and help), so that a preset added there is a value
//! here with no change to the command line.

use std::sync::LazyLock;

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::store::preset::{Kind, PRESETS};

/// Which web framework's session format the Redis store holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum StorePreset {
    /// Recognise the format by sampling the keyspace.
    #[default]
    Auto,
    /// One of the store presets.
    Preset(Kind),
}

/// `auto`, then every preset in the table's order.
static CHOICES: LazyLock<Vec<StorePreset>> = LazyLock::new(|| {
    std::iter::once(StorePreset::Auto)
        .chain(PRESETS.iter().map(|k| StorePreset::Preset(*k)))
        .collect()
});

impl ValueEnum for StorePreset {
    fn value_variants<'a>() -> &'a [Self] {
        &CHOICES
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            StorePreset::Auto => {
                PossibleValue::new("auto").help("Recognise the format by sampling the keyspace")
            }
            StorePreset::Preset(k) => PossibleValue::new(k.name()).help(k.help()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_a_store_value() {
        for &k in PRESETS {
            assert_eq!(
                StorePreset::from_str(k.name(), false),
                Ok(StorePreset::Preset(k))
            );
        }
        assert_eq!(StorePreset::from_str("auto", false), Ok(StorePreset::Auto));
        assert!(StorePreset::from_str("redis", false).is_err());
    }
}
