//! `cargo xtask tidy`: checks architecture invariants that the compiler does
//! not.
//!
//! - `protocol` stays sans-IO: no async runtime, network, HTTP or database
//!   crate anywhere in its normal dependency tree, and no clock, file system,
//!   network, thread or process call in its source.
//! - Every workspace crate is licensed GPL-3.0-or-later.
//!
//! The checks are pure functions over their inputs so the unit tests below
//! drive them without a workspace; `run` feeds them `cargo metadata` and files.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use cargo_metadata::{CargoOpt, DependencyKind, Metadata, MetadataCommand};

use crate::{cargo, workspace_root};

/// The crate that must stay sans-IO.
const SANS_IO_PACKAGE: &str = "protocol";

/// Crates that do I/O or bring a runtime; none may reach `protocol`.
const FORBIDDEN_DEPENDENCIES: &[&str] = &[
    "tokio",
    "rumqttc",
    "rumqttd",
    "reqwest",
    "rusqlite",
    "hyper",
    "axum",
    "mio",
    "async-std",
    "smol",
];

/// The kiosk's core, which tests, benches and simulated seats use without a window.
const UI_FREE_PACKAGE: &str = "kiosk-core";

/// UI toolkits; none may reach the kiosk's core.
const UI_DEPENDENCIES: &[&str] = &["slint", "i-slint-core", "winit"];

/// Text that means `protocol` touches the outside world, and what to do instead.
const FORBIDDEN_SOURCE_TEXT: &[(&str, &str)] = &[
    (
        "SystemTime::now",
        "reads the clock; take the time as an input",
    ),
    ("Instant::now", "reads the clock; take the time as an input"),
    ("std::fs", "touches the file system; take bytes as input"),
    ("std::net", "touches the network; return messages as output"),
    (
        "std::thread::spawn",
        "spawns a thread; the shell owns threads",
    ),
    (
        "std::process",
        "runs or exits processes; the shell does that",
    ),
];

const LICENSE: &str = "GPL-3.0-or-later";

pub(crate) fn run() -> Result<()> {
    let root = workspace_root();
    let problems = check_workspace(&root, &workspace_metadata(&root)?)?;
    if problems.is_empty() {
        println!("tidy: ok");
        return Ok(());
    }
    for problem in &problems {
        eprintln!("tidy: {problem}");
    }
    bail!("tidy found {} problem(s)", problems.len())
}

/// `cargo metadata` for the workspace at `root`. It resolves dependencies but
/// compiles nothing, so tidy works while a crate does not build.
fn workspace_metadata(root: &Path) -> Result<Metadata> {
    MetadataCommand::new()
        .cargo_path(cargo())
        .manifest_path(root.join("Cargo.toml"))
        // All features: an optional dependency is still a dependency.
        .features(CargoOpt::AllFeatures)
        .exec()
        .context("cannot run `cargo metadata` on the workspace")
}

/// Runs every check on the workspace at `root`; returns the problems found.
fn check_workspace(root: &Path, metadata: &Metadata) -> Result<Vec<String>> {
    let mut problems = Vec::new();

    let members = metadata.workspace_packages();
    let sans_io = members
        .iter()
        .find(|package| package.name.as_str() == SANS_IO_PACKAGE)
        .with_context(|| format!("workspace has no package named {SANS_IO_PACKAGE}"))?;

    let graph = DepGraph::from_metadata(metadata)?;
    for path in forbidden_dependency_paths(&graph, &sans_io.id.repr, FORBIDDEN_DEPENDENCIES) {
        let crate_name = path.last().map_or("", String::as_str);
        problems.push(format!(
            "{SANS_IO_PACKAGE} must stay sans-IO but depends on {crate_name}: {}",
            path.join(" -> ")
        ));
    }

    let ui_free = members
        .iter()
        .find(|package| package.name.as_str() == UI_FREE_PACKAGE)
        .with_context(|| format!("workspace has no package named {UI_FREE_PACKAGE}"))?;
    for path in forbidden_dependency_paths(&graph, &ui_free.id.repr, UI_DEPENDENCIES) {
        let crate_name = path.last().map_or("", String::as_str);
        problems.push(format!(
            "{UI_FREE_PACKAGE} must stay free of UI but depends on {crate_name}: {}",
            path.join(" -> ")
        ));
    }

    let src = sans_io
        .manifest_path
        .parent()
        .context("manifest path has no parent")?
        .join("src");
    for file in rust_files(src.as_std_path())? {
        let text =
            fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
        let shown = file.strip_prefix(root).unwrap_or(&file).display();
        for (line, text, why) in forbidden_source_lines(&text) {
            problems.push(format!(
                "{shown}:{line}: `{text}` in {SANS_IO_PACKAGE}: {why}"
            ));
        }
    }

    for package in &members {
        problems.extend(license_problem(
            package.name.as_str(),
            package.license.as_deref(),
        ));
    }
    Ok(problems)
}

/// Packages and their normal (not dev, not build) dependency edges.
#[derive(Debug, Default)]
struct DepGraph {
    /// Package id to package name; an id without a name stands for itself.
    names: BTreeMap<String, String>,
    /// Package id to the ids it depends on.
    edges: BTreeMap<String, Vec<String>>,
}

impl DepGraph {
    fn from_metadata(metadata: &Metadata) -> Result<Self> {
        let resolve = metadata
            .resolve
            .as_ref()
            .context("cargo metadata returned no dependency graph")?;
        let mut graph = DepGraph::default();
        for package in &metadata.packages {
            graph
                .names
                .insert(package.id.repr.clone(), package.name.to_string());
        }
        for node in &resolve.nodes {
            for dep in &node.deps {
                let normal = dep
                    .dep_kinds
                    .iter()
                    .any(|info| info.kind == DependencyKind::Normal);
                if normal {
                    graph.add_edge(&node.id.repr, &dep.pkg.repr);
                }
            }
        }
        Ok(graph)
    }

    fn add_edge(&mut self, from: &str, to: &str) {
        self.edges
            .entry(from.to_owned())
            .or_default()
            .push(to.to_owned());
    }

    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.names.get(id).map_or(id, String::as_str)
    }
}

/// For each forbidden crate reachable from `root`, the shortest path to it,
/// as package names from `root` to the forbidden crate.
fn forbidden_dependency_paths(
    graph: &DepGraph,
    root: &str,
    forbidden: &[&str],
) -> Vec<Vec<String>> {
    // Breadth-first, remembering how each package was first reached.
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    let mut seen = BTreeSet::from([root]);
    let mut queue = VecDeque::from([root]);
    let mut found = Vec::new();
    while let Some(id) = queue.pop_front() {
        if id != root && forbidden.contains(&graph.name(id)) {
            found.push(id);
        }
        for next in graph.edges.get(id).into_iter().flatten() {
            if seen.insert(next.as_str()) {
                parent.insert(next.as_str(), id);
                queue.push_back(next.as_str());
            }
        }
    }

    found
        .into_iter()
        .map(|mut id| {
            let mut path = vec![graph.name(id).to_owned()];
            while let Some(&up) = parent.get(id) {
                path.push(graph.name(up).to_owned());
                id = up;
            }
            path.reverse();
            path
        })
        .collect()
}

/// Lines of Rust source that use forbidden text: (1-based line number, the
/// text, why it is forbidden). Lines that are `//` comments are skipped.
fn forbidden_source_lines(source: &str) -> Vec<(usize, &'static str, &'static str)> {
    let mut hits = Vec::new();
    for (index, line) in source.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for &(text, why) in FORBIDDEN_SOURCE_TEXT {
            if line.contains(text) {
                hits.push((index + 1, text, why));
            }
        }
    }
    hits
}

fn license_problem(package: &str, license: Option<&str>) -> Option<String> {
    match license {
        Some(LICENSE) => None,
        Some(other) => Some(format!(
            "{package} is licensed {other}, expected {LICENSE} (use `license.workspace = true`)"
        )),
        None => Some(format!(
            "{package} has no license, expected {LICENSE} (use `license.workspace = true`)"
        )),
    }
}

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("cannot list {}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> DepGraph {
        let mut graph = DepGraph::default();
        for (from, to) in edges {
            graph.add_edge(from, to);
        }
        graph
    }

    #[test]
    fn forbidden_dependency_of_protocol_is_reported_with_its_path() {
        let graph = graph(&[
            ("protocol", "serde"),
            ("protocol", "helper"),
            ("helper", "tokio"),
            ("tokio", "mio"),
        ]);
        let paths = forbidden_dependency_paths(&graph, "protocol", FORBIDDEN_DEPENDENCIES);
        assert_eq!(
            paths,
            vec![
                vec!["protocol", "helper", "tokio"],
                vec!["protocol", "helper", "tokio", "mio"],
            ]
        );
    }

    #[test]
    fn a_ui_toolkit_reaching_the_kiosk_core_is_reported() {
        let graph = graph(&[
            ("kiosk", "slint"),
            ("kiosk", "kiosk-core"),
            ("kiosk-core", "viewer-helper"),
            ("viewer-helper", "slint"),
        ]);
        let paths = forbidden_dependency_paths(&graph, "kiosk-core", UI_DEPENDENCIES);
        assert_eq!(paths, vec![vec!["kiosk-core", "viewer-helper", "slint"]]);
    }

    #[test]
    fn forbidden_dependency_of_another_crate_is_not_reported() {
        let graph = graph(&[("protocol", "serde"), ("controller", "tokio")]);
        let paths = forbidden_dependency_paths(&graph, "protocol", FORBIDDEN_DEPENDENCIES);
        assert!(paths.is_empty(), "unexpected paths: {paths:?}");
    }

    #[test]
    fn package_ids_are_reported_by_name() {
        let mut graph = graph(&[("path+file:///p#protocol@0.0.0", "registry#tokio@1.0.0")]);
        graph.names.insert(
            "path+file:///p#protocol@0.0.0".to_owned(),
            "protocol".to_owned(),
        );
        graph
            .names
            .insert("registry#tokio@1.0.0".to_owned(), "tokio".to_owned());
        let paths = forbidden_dependency_paths(&graph, "path+file:///p#protocol@0.0.0", &["tokio"]);
        assert_eq!(paths, vec![vec!["protocol", "tokio"]]);
    }

    #[test]
    fn forbidden_clock_call_in_protocol_is_reported() {
        let source = "fn tick() {\n    let now = std::time::Instant::now();\n}\n";
        let hits = forbidden_source_lines(source);
        assert_eq!(hits.len(), 1, "hits: {hits:?}");
        assert_eq!((hits[0].0, hits[0].1), (2, "Instant::now"));
    }

    #[test]
    fn forbidden_text_in_a_comment_line_is_not_reported() {
        let source = "// never call Instant::now here\n    /// nor std::fs\n//! nor std::net\n";
        assert!(forbidden_source_lines(source).is_empty());
    }

    #[test]
    fn every_forbidden_text_is_reported() {
        for &(text, _) in FORBIDDEN_SOURCE_TEXT {
            let source = format!("use {text};");
            let hits = forbidden_source_lines(&source);
            assert!(hits.iter().any(|hit| hit.1 == text), "{text} not reported");
        }
    }

    #[test]
    fn crate_with_another_license_or_none_is_reported() {
        assert_eq!(license_problem("ok", Some("GPL-3.0-or-later")), None);
        assert!(license_problem("mit", Some("MIT")).is_some());
        assert!(license_problem("none", None).is_some());
    }

    #[test]
    fn this_workspace_passes_tidy() {
        let root = workspace_root();
        let metadata = workspace_metadata(&root).expect("cargo metadata runs on the workspace");
        let problems = check_workspace(&root, &metadata).expect("tidy can inspect the workspace");
        assert!(problems.is_empty(), "tidy problems: {problems:#?}");
    }

    #[test]
    fn graph_from_metadata_follows_normal_dependencies() {
        // Guards against a graph so empty that the sans-IO check passes vacuously.
        let metadata = workspace_metadata(&workspace_root()).expect("cargo metadata runs");
        let graph = DepGraph::from_metadata(&metadata).expect("metadata has a resolve graph");
        let xtask = metadata
            .workspace_packages()
            .into_iter()
            .find(|package| package.name.as_str() == "xtask")
            .expect("xtask is a workspace member");
        // serde_json reaches xtask only through cargo_metadata.
        let paths = forbidden_dependency_paths(&graph, &xtask.id.repr, &["serde_json"]);
        assert_eq!(
            paths.first().map(|path| path.join(" -> ")),
            Some("xtask -> cargo_metadata -> serde_json".to_owned())
        );
    }
}
