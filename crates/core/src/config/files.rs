//! Configuration files: hadolint's `.hadolint.yaml` and dockwright's own
//! `dockwright.toml` (or a `[tool.dockwright]` table), read from text. Finding the
//! files on disk is the CLI's job; this module is pure.
