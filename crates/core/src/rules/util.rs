//! Helpers shared by rules.

use crate::semantic::InstructionInfo;
use crate::shell::{Command, Script};
use crate::syntax::MountType;

/// Every shell command run by the file's RUN instructions (shell form and POSIX
/// heredocs, ONBUILD triggers included), with the instruction and script it is in.
pub fn run_commands<'m>(
    infos: &'m [InstructionInfo<'m>],
) -> impl Iterator<Item = (&'m InstructionInfo<'m>, &'m Script, &'m Command)> + 'm {
    infos.iter().flat_map(|info| {
        info.scripts()
            .flat_map(move |script| script.commands.iter().map(move |c| (info, script, c)))
    })
}

#[allow(dead_code)] // for the cache rules (DL3009, DL3019, DL3042, ...)
/// Whether the RUN has a cache or tmpfs mount whose target is `path` or a parent
/// of it (`/var/cache/apt` covers `/var/cache/apt/archives`).
pub fn has_cache_mount(info: &InstructionInfo<'_>, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    info.effective().mounts().iter().any(|m| {
        matches!(m.kind, MountType::Cache | MountType::Tmpfs)
            && m.target().is_some_and(|t| {
                let t = t.trim_end_matches('/');
                !t.is_empty() && (path == t || path.starts_with(&format!("{t}/")))
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::Model;
    use std::collections::BTreeMap;

    #[test]
    fn cache_mount_covers_sub_paths() {
        let df = crate::syntax::parse(
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\n",
        );
        let m = Model::new(&df, &BTreeMap::new());
        let run = &m.instructions()[1];
        assert!(has_cache_mount(run, "/var/cache/apt/archives"));
        assert!(!has_cache_mount(run, "/var/lib/apt/lists"));
        assert_eq!(run_commands(m.instructions()).count(), 1);
    }
}
