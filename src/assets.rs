//! The stylesheet and scripts compiled into the binary (one file to deploy, no CDN), each also
//! named by a hash of its content: pages link the hashed name, which a browser may keep for a
//! year, because an edited file gets a new name.

use std::sync::LazyLock;

/// A file served under `/assets/`.
#[derive(Debug)]
pub struct Asset {
    /// Its plain name, e.g. `app.css`.
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static str,
}

/// Every asset pages link to.
pub const ALL: [Asset; 3] = [
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_str!("../assets/app.css"),
    },
    Asset {
        name: "show_if.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/show_if.js"),
    },
    Asset {
        name: "resize.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_str!("../assets/resize.js"),
    },
];

/// FNV-1a: enough to tell two versions of a file apart, and stable across builds.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i = i.wrapping_add(1);
    }
    hash
}

/// Each asset's hashed name, `app.1f2e3d4c5b6a7988.css`, in the order of `ALL`.
static HASHED: LazyLock<Vec<String>> = LazyLock::new(|| {
    ALL.iter()
        .map(|a| {
            let (stem, ext) = a.name.rsplit_once('.').unwrap_or((a.name, ""));
            format!("{stem}.{:016x}.{ext}", fnv1a(a.body.as_bytes()))
        })
        .collect()
});

/// The path, from the site's root and without a leading slash, that pages link `name` by:
/// `assets/app.1f2e3d4c5b6a7988.css`. An unknown name is linked as itself.
pub fn href(name: &str) -> String {
    let hashed = ALL
        .iter()
        .zip(HASHED.iter())
        .find(|(a, _)| a.name == name)
        .map_or(name, |(_, h)| h.as_str());
    format!("assets/{hashed}")
}

/// The asset a file name under `/assets/` asks for, and whether it was asked for by its hashed
/// name (so it never changes and may be cached for good).
pub fn find(file: &str) -> Option<(&'static Asset, bool)> {
    ALL.iter().zip(HASHED.iter()).find_map(|(a, h)| {
        if file == h {
            Some((a, true))
        } else {
            (file == a.name).then_some((a, false))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_asset_is_found_by_its_hashed_name_and_by_its_plain_one() {
        let css = href("app.css");
        let file = css.trim_start_matches("assets/");
        assert!(file.starts_with("app.") && file.ends_with(".css") && file.len() == 24);
        assert_eq!(
            find(file).map(|(a, immutable)| (a.name, immutable)),
            Some(("app.css", true))
        );
        assert_eq!(find("app.css").map(|(_, immutable)| immutable), Some(false));
        assert!(
            find("app.0000000000000000.css").is_none(),
            "an old name is gone"
        );
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
    }
}
