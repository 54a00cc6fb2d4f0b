//! Shell analysis of `RUN` scripts: commands, words and redirections with byte spans.
