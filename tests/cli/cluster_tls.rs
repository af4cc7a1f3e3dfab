//! A Redis Cluster over TLS (issue 14 item 1): three primaries that speak only TLS among
//! themselves and advertise their TLS ports to TLS clients (`--tls-cluster yes`), requiring a
//! client certificate (`--tls-auth-clients yes`), started by the test (`TestCluster::with_tls`,
//! certificates from `support::tls::TestPki`). From one node's `rediss://` URL with `--tls-ca`,
//! `--tls-cert`/`--tls-key`, an ACL user's password and `--timeout`, sessctl reaches every node
//! it discovers with the same TLS options and credentials: `sessions list`, `show` and
//! `revoke-user` give the same answers as on one server. Without the private CA, the node is
//! an unknown CA (exit 3, one line). A cluster with TLS for clients only (`tls-cluster no`)
//! advertises its plain ports, to TLS clients too (Redis 7.0): each node is named, the reason
//! said, and `--cluster-address-map` from each plain port to its TLS port reaches them.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::revoke_user::records;
use crate::sessions_list::{expected, listed};
use crate::support::cluster::TestCluster;
use crate::support::redis::TestRedis;
use crate::support::tls::TestPki;
use crate::support::{run_json, sessctl};

const FILE: &str = "connect-redis/records.jsonl";

fn p(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

/// On every node, the ACL user `ops` (password `pw`, everything allowed), and the default user
/// denied `SCAN`: a connection sessctl did not authenticate as `ops`, on any node, could not
/// scan. Returns `rediss://ops:pw@127.0.0.1:<tls port>/0` of node `seed`.
fn ops_user(cluster: &TestCluster, seed: usize) -> String {
    for n in &cluster.nodes {
        n.acl_user("ops", &[], 0);
        let _: () = redis::cmd("ACL")
            .arg(&["SETUSER", "default", "-scan"])
            .query(&mut n.conn(0))
            .unwrap();
    }
    cluster
        .tls_url(seed)
        .replace("rediss://", "rediss://ops:pw@")
}

/// The options that reach the cluster over TLS, as `url` says, with the private CA and the
/// client certificate.
fn tls_args<'a>(url: &'a str, pki: &'a TestPki) -> Vec<&'a str> {
    vec![
        "--redis-url",
        url,
        "--store",
        "connect-redis",
        "--tls-ca",
        p(&pki.ca),
        "--tls-cert",
        p(&pki.client.cert),
        "--tls-key",
        p(&pki.client.key),
        "--timeout",
        "10s",
    ]
}

/// A `sessions show -o json` document without its TTL, which counts down between two runs.
fn without_ttl(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("ttl");
    v
}

#[test]
fn list_show_and_revoke_user_over_tls_with_a_client_certificate_answer_as_on_one_server() {
    let pki = TestPki::new();
    let cluster = TestCluster::with_tls(&pki, true);
    cluster.load(&[FILE]);
    // Every node holds some of the records, so sessctl must reach every node; asked over TLS,
    // the cluster names only its TLS ports, so it can reach them only by TLS.
    for i in 0..cluster.nodes.len() {
        assert!(!cluster.keys_on(i).is_empty(), "node {i} holds no record");
    }
    let urls: Vec<String> = (0..cluster.nodes.len())
        .map(|seed| ops_user(&cluster, seed))
        .collect();

    // sessions list, from each node.
    for (seed, url) in urls.iter().enumerate() {
        let args = [
            &["sessions", "list", "-o", "json"][..],
            &tls_args(url, &pki),
        ]
        .concat();
        let (code, v, err) = run_json(&args, "");
        assert_eq!((code, err.as_str()), (0, ""), "from node {seed}");
        assert_eq!(listed(&v), expected(FILE), "from node {seed}");
    }

    // sessions show of the sessions on the other nodes than the seed: what one server shows.
    let one = TestRedis::start();
    one.load(0, &[FILE]);
    let one_url = one.url(0);
    let mut shown = 0;
    for (key, role, _) in records(FILE) {
        let Some(id) = std::str::from_utf8(&key)
            .ok()
            .and_then(|k| k.strip_prefix("sess:"))
        else {
            continue;
        };
        if role != "session" || cluster.owner(&key) == 0 {
            continue;
        }
        let show = ["sessions", "show", "-o", "json", id];
        let (code, v, err) = run_json(&[&show[..], &tls_args(&urls[0], &pki)].concat(), "");
        assert_eq!((code, err.as_str()), (0, ""), "{id}");
        let one_args = ["--redis-url", &one_url, "--store", "connect-redis"];
        let (one_code, one_v, one_err) = run_json(&[&show[..], &one_args[..]].concat(), "");
        assert_eq!((one_code, one_err.as_str()), (0, ""), "{id} on one server");
        assert_eq!(without_ttl(v), without_ttl(one_v), "{id}");
        shown += 1;
    }
    assert!(shown >= 2, "sessions on the other nodes: {shown}");

    // revoke-user: exactly the user's sessions go, on every node; the cut-off is recorded; a
    // confirming pass finds none left.
    let theirs: BTreeSet<Vec<u8>> = records(FILE)
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    let on: BTreeSet<usize> = theirs.iter().map(|k| cluster.owner(k)).collect();
    assert!(
        on.len() > 1,
        "the user's sessions are on one node only: {on:?}"
    );
    let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let revoke = ["revoke-user", "42", "--yes", "--until-clean", "-o", "json"];
    let (code, v, err) = run_json(&[&revoke[..], &tls_args(&urls[1], &pki)].concat(), "");
    assert_eq!((code, err.as_str()), (0, ""), "{v}");
    assert_eq!(v["deleted"], theirs.len() as u64, "{v}");
    assert_eq!(v["clean"], true, "{v}");
    let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let gone: BTreeSet<Vec<u8>> = before.difference(&after).cloned().collect();
    assert_eq!(gone, theirs);
    let added: Vec<&Vec<u8>> = after.difference(&before).collect();
    let cutoff = v["cutoff"]["key"].as_str().unwrap_or_else(|| panic!("{v}"));
    assert_eq!(added, [&cutoff.as_bytes().to_vec()], "{v}");
}

#[test]
fn without_the_private_ca_a_node_of_a_tls_cluster_is_an_unknown_ca() {
    let pki = TestPki::new();
    let cluster = TestCluster::with_tls(&pki, true);
    cluster.load(&[FILE]);
    let url = cluster.tls_url(1);
    let args = [
        "sessions",
        "list",
        "--redis-url",
        &url,
        "--store",
        "connect-redis",
        "--tls-cert",
        p(&pki.client.cert),
        "--tls-key",
        p(&pki.client.key),
    ];
    // The "system" roots: a CA that did not sign the nodes' certificates.
    let out = sessctl(&args)
        .env("SSL_CERT_FILE", pki.other_ca.as_os_str())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "sessctl: error: cannot reach Redis at {url}: TLS: unknown CA: the server's certificate is not signed by a CA the system trusts; pass its CA with --tls-ca FILE\n"
        )
    );
}

#[test]
fn a_cluster_with_tls_for_clients_only_advertises_plain_ports_which_are_mapped_to_the_tls_ones() {
    let pki = TestPki::new();
    let cluster = TestCluster::with_tls_clients_only(&pki);
    cluster.load(&[FILE]);
    let url = cluster.tls_url(0);
    let base = [
        "sessions",
        "list",
        "-o",
        "json",
        "--redis-url",
        &url,
        "--store",
        "connect-redis",
        "--tls-ca",
        p(&pki.ca),
    ];
    // `tls-cluster no`: asked over TLS, the cluster still names its plain ports, where no TLS
    // handshake is answered; the seed node itself is named at its plain port too. Each node is
    // named, with the mapping that would reach it, and the likely reason is said.
    let (code, out, err) = crate::support::run(&[&base[..], &["--timeout", "1s"]].concat(), "");
    assert_eq!((code, out.as_str()), (3, ""), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "sessctl: error: no primary of the Redis Cluster of {url} could be reached: "
        )),
        "{err}"
    );
    for n in &cluster.nodes {
        let plain = format!("127.0.0.1:{}", n.port);
        assert!(
            err.contains(&format!("cannot reach Redis at rediss://{plain}: TLS: ")),
            "{plain}: {err}"
        );
        assert!(
            err.contains(&format!(
                "--cluster-address-map {plain}=<reachable host:port>"
            )),
            "{plain}: {err}"
        );
    }
    assert!(err.contains("is it a TLS port?"), "{err}");
    // And why, at the end: the seed answered TLS at one port and is advertised at another.
    let (seed_plain, seed_tls) = (cluster.nodes[0].port, cluster.nodes[0].tls_port.unwrap());
    assert!(
        err.ends_with(&format!(
            "; the seed node answers TLS at 127.0.0.1:{seed_tls} but the cluster advertises it as 127.0.0.1:{seed_plain}: a cluster whose nodes do not use TLS among themselves (tls-cluster no) advertises its plain ports, to TLS clients too; map each node's advertised address to its TLS port (--cluster-address-map 127.0.0.1:{seed_plain}=127.0.0.1:{seed_tls}, and so for every node), or run the cluster with tls-cluster yes\n"
        )),
        "{err}"
    );
    // Each advertised (plain) address mapped to its node's TLS port: the same sessions.
    let maps: Vec<String> = cluster
        .nodes
        .iter()
        .map(|n| format!("127.0.0.1:{}=127.0.0.1:{}", n.port, n.tls_port.unwrap()))
        .collect();
    let mut args = base.to_vec();
    for m in &maps {
        args.extend(["--cluster-address-map", m.as_str()]);
    }
    let (code, v, err) = run_json(&args, "");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(listed(&v), expected(FILE));
}
