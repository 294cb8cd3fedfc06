//! The Shrinkage lab's earlier control keys and today's (see [`crate::lab::legacy_keys`]): a
//! control's key is now the path of its value in the link, so `n` became `data.n`. Old `set`
//! calls and `hide=` names go through this table. Links never used the old keys.

use crate::lab::legacy_keys::LegacyKeys;

/// (earlier control key, today's key).
pub const LEGACY_KEYS: LegacyKeys = &[
    ("n", "data.n"),
    ("p", "data.p"),
    ("feature_map", "data.feature_map"),
    ("rbf_width", "data.rbf_width"),
    ("fourier_scale", "data.fourier_scale"),
    ("noise", "data.noise"),
    ("seed", "data.seed"),
    ("test_fraction", "data.test_fraction"),
    ("target", "data.target"),
    ("show_ls", "show.ls"),
    ("show_ridge", "show.ridge"),
    ("show_pca", "show.pca"),
    ("show_gd", "show.gd"),
];
