//! How sessctl finds and reaches the nodes of a Redis Cluster (issue 14): `--read-from replica`
//! (scans and value fetches on a replica of each shard, writes on the primaries, a shard with
//! no replica that answers read from its primary and said so), several seed nodes
//! (`--redis-url` repeated), `--cluster-address-map` for nodes whose advertised addresses cannot
//! be reached from here, auto-detection sampling every primary, and a cluster that says
//! `cluster_state:fail`. Real clusters started by the tests (`support::cluster`).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use sessctl::store::acl::{self, DEFAULT_DENYLIST, Role};
use sessctl::store::preset::{self, Preset};

use crate::revoke_user::records;
use crate::sessions_list::{expected, listed};
use crate::support::cluster::TestCluster;
use crate::support::redis::{TestRedis, commands_counted, reset_stats};
use crate::support::{run, run_json, sessctl};

const FILE: &str = "connect-redis/records.jsonl";

/// A loopback port nothing listens on (bound, then let go).
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn cat<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
    [a, b].concat()
}

#[test]
fn read_from_replica_scans_on_the_replicas_and_writes_on_the_primaries() {
    let mut cluster = TestCluster::with_replicas();
    cluster.load(&[FILE]);
    cluster.wait_replicas();
    let primaries = cluster.primaries();
    let replicas: Vec<usize> = primaries.iter().map(|&p| cluster.replica(p)).collect();
    let seed = cluster.url(primaries[0]);
    let base = ["--redis-url", seed.as_str(), "--store", "connect-redis"];
    let replica_reads = ["--read-from", "replica"];

    let list = cat(&["sessions", "list", "-o", "json", "-v"], &replica_reads);
    // The documented read-only ACL user (its rules on every node) reads the replicas as well.
    let rules = acl::rules(
        Role::Read,
        &Preset::new(preset::named("connect-redis").unwrap(), None, None)
            .unwrap()
            .acl_keys(),
        DEFAULT_DENYLIST,
    );
    let users: Vec<String> = cluster
        .nodes
        .iter()
        .map(|n| n.acl_user_exactly(Role::Read.user(), &rules, 0))
        .collect();
    let as_user = [
        "--redis-url",
        &users[primaries[0]],
        "--store",
        "connect-redis",
    ];
    let (code, v, err) = run_json(&cat(&list, &as_user), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&v), expected(FILE));
    assert!(!err.contains("from their primary"), "{err}");

    for n in &cluster.nodes {
        reset_stats(&mut n.conn(0));
    }
    let (code, v, err) = run_json(&cat(&list, &base), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&v), expected(FILE));
    // --verbose names the replica each shard is read from.
    for &p in &primaries {
        let r = cluster.nodes[cluster.replica(p)].port;
        let note = format!(
            "(primary 127.0.0.1:{}) are read from the replica redis://127.0.0.1:{r}",
            cluster.nodes[p].port
        );
        assert!(err.contains(&note), "{note}: {err}");
    }
    let stats = cat(&["sessions", "stats", "-o", "json"], &replica_reads);
    let (code, v, err) = run_json(&cat(&stats, &base), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(v["sessions"].as_u64(), Some(expected(FILE).len() as u64));
    // The primaries were only asked where the data is (the slot map, and the slots being
    // migrated, before and after each scan); the replicas were read.
    let connecting: BTreeSet<String> = [
        "ping",
        "client|setname",
        "cluster|info",
        "cluster|slots",
        "cluster|nodes",
    ]
    .map(str::to_owned)
    .into();
    for &p in &primaries {
        let sent = commands_counted(&mut cluster.nodes[p].conn(0));
        assert!(sent.is_subset(&connecting), "primary {p}: {sent:?}");
    }
    for &r in &replicas {
        let sent = commands_counted(&mut cluster.nodes[r].conn(0));
        for cmd in ["readonly", "scan", "strlen", "get", "pttl"] {
            assert!(sent.contains(cmd), "{cmd} on replica {r}: {sent:?}");
        }
    }

    // revoke-user: found on the replicas, checked and removed on the primaries; the confirming
    // pass reads the replicas once they caught up with the removals.
    let theirs: BTreeSet<Vec<u8>> = records(FILE)
        .into_iter()
        .filter(|(_, role, user)| role == "session" && user.as_deref() == Some("42"))
        .map(|(k, _, _)| k)
        .collect();
    let before: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    for n in &cluster.nodes {
        reset_stats(&mut n.conn(0));
    }
    let revoke = cat(
        &[
            "revoke-user",
            "42",
            "--yes",
            "--until-clean",
            "--no-cutoff",
            "-o",
            "json",
        ],
        &replica_reads,
    );
    let (code, out, err) = run_json(&cat(&revoke, &base), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out["deleted"], theirs.len() as u64, "{out}");
    assert_eq!(out["clean"], true, "{out}");
    assert_eq!(out["passes"], 2, "{out}");
    let after: BTreeSet<Vec<u8>> = cluster.keys().into_iter().collect();
    let gone: BTreeSet<Vec<u8>> = before.difference(&after).cloned().collect();
    assert_eq!(gone, theirs);
    let mut writes = BTreeSet::new();
    for &p in &primaries {
        let sent = commands_counted(&mut cluster.nodes[p].conn(0));
        assert!(
            !sent.contains("scan") && !sent.contains("strlen"),
            "primary {p}: {sent:?}"
        );
        writes.extend(sent);
    }
    assert!(writes.iter().any(|c| c.starts_with("eval")), "{writes:?}");
    // (A replica counts the removals its primary replicated to it, as UNLINK: not checked.)
    for &r in &replicas {
        let sent = commands_counted(&mut cluster.nodes[r].conn(0));
        assert!(sent.contains("scan"), "replica {r}: {sent:?}");
    }

    // A --read-url names one replica of one server: on a cluster, --read-from replica.
    let read_url = cluster.url(replicas[0]);
    let (code, _, err) = run(
        &cat(&["sessions", "list", "--read-url", &read_url], &base),
        "",
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("use --read-from replica instead"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");

    // A shard whose replica is down is read from its primary, and --verbose says so.
    let lost = replicas[1];
    let lost_port = cluster.nodes[lost].port;
    cluster.nodes[lost].kill();
    let (code, direct, err) = run_json(&cat(&["sessions", "list", "-o", "json"], &base), "");
    assert_eq!(code, 0, "{err}");
    let (code, v, err) = run_json(&cat(&list, &base), "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&v), listed(&direct));
    let note = format!(
        "are read from their primary 127.0.0.1:{}: no replica of it could be read from: cannot reach Redis at redis://127.0.0.1:{lost_port}: connection refused",
        cluster.nodes[primaries[1]].port
    );
    assert!(err.contains(&note), "{note}: {err}");
}

#[test]
fn several_seed_nodes_are_tried_in_order() {
    let cluster = TestCluster::start();
    cluster.load(&[FILE]);
    let port = closed_port();
    // The seed that does not answer carries a password: it is never shown.
    let down = format!("redis://:s3cr3t-seed@127.0.0.1:{port}/0");
    let up = cluster.url(1);
    let args = [
        "sessions",
        "list",
        "-o",
        "json",
        "-v",
        "--store",
        "connect-redis",
        "--redis-url",
        &down,
        "--redis-url",
        &up,
    ];
    let (code, v, err) = run_json(&args, "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&v), expected(FILE));
    let note = format!(
        "sessctl: seed node {up} answered, after 1 did not: cannot reach Redis at redis://:***@127.0.0.1:{port}/0: connection refused\n"
    );
    assert!(err.contains(&note), "{note}: {err}");
    assert!(!err.contains("s3cr3t"), "{err}");

    // None answers: exit 3, each named.
    let other = closed_port();
    let down2 = format!("redis://127.0.0.1:{other}/0");
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--redis-url",
            &down,
            "--redis-url",
            &down2,
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (3, ""), "{err}");
    assert_eq!(
        err,
        format!(
            "sessctl: error: none of the 2 seed nodes (--redis-url) answered: cannot reach Redis at redis://:***@127.0.0.1:{port}/0: connection refused; cannot reach Redis at {down2}: connection refused\n"
        )
    );

    // One server is not a cluster: several URLs, --read-from replica without --read-url, and
    // --cluster-address-map are usage errors.
    let one = TestRedis::start();
    let url = one.url(0);
    for (args, says) in [
        (
            vec!["--redis-url", url.as_str(), "--redis-url", up.as_str()],
            format!(
                "--redis-url is given 2 times, as seed nodes of a Redis Cluster, but {url} is one Redis server, not a cluster node: give one --redis-url"
            ),
        ),
        (
            vec!["--redis-url", url.as_str(), "--read-from", "replica"],
            format!(
                "--read-from replica: {url} is one Redis server, not a Redis Cluster node: give the replica to read from with --read-url"
            ),
        ),
        (
            vec![
                "--redis-url",
                url.as_str(),
                "--cluster-address-map",
                "10.0.0.1:6379=127.0.0.1:6379",
            ],
            format!(
                "--cluster-address-map maps the addresses of a Redis Cluster's nodes, but {url} is one Redis server, not a cluster node: leave it out"
            ),
        ),
    ] {
        let (code, out, err) = run(&cat(&["sessions", "list"], &args), "");
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
        assert_eq!(err, format!("sessctl: error: {says}\n"));
    }
}

/// Makes node `i` advertise `port` (`cluster-announce-port`) while its cluster bus stays where
/// it is, as a node behind NAT or in a container advertises an address that is not reachable
/// from here.
fn announce(cluster: &TestCluster, i: usize, port: u16) {
    let mut c = cluster.nodes[i].conn(0);
    let bus = cluster.nodes[i].port as u32 + 10000;
    for (name, value) in [
        ("cluster-announce-bus-port", bus.to_string()),
        ("cluster-announce-port", port.to_string()),
    ] {
        redis::cmd("CONFIG")
            .arg("SET")
            .arg(name)
            .arg(value)
            .query::<()>(&mut c)
            .unwrap_or_else(|e| panic!("CONFIG SET {name}: {e}"));
    }
}

/// Waits (20 s deadline) until every node's `CLUSTER SLOTS` names the ports in `ports`.
fn wait_advertised(cluster: &TestCluster, ports: &[u16]) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let views: Vec<String> = cluster
            .nodes
            .iter()
            .map(|n| {
                let v: redis::Value = redis::cmd("CLUSTER")
                    .arg("SLOTS")
                    .query(&mut n.conn(0))
                    .unwrap();
                format!("{v:?}")
            })
            .collect();
        let seen = |p: u16| views.iter().all(|v| v.contains(&format!("int({p})")));
        if ports.iter().all(|&p| seen(p)) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the nodes did not advertise {ports:?} within 20s: {views:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn advertised_addresses_not_reachable_from_here_are_named_and_mapped() {
    let cluster = TestCluster::start();
    cluster.load(&[FILE]);
    // Node 0 advertises a port where something accepts connections and never answers (a
    // tunnel to nowhere: sessctl must give up after --timeout), the others ports where nothing
    // listens. Addresses rather than ports would be the usual case, but a node announcing an IP
    // address that is not its own (`cluster-announce-ip`) breaks the cluster bus: the other
    // nodes dial the announced address for the bus too (tried: their CLUSTER NODES shows the
    // link disconnected); and a TEST-NET address is no dependable "unreachable" either (on the
    // machine this was written on, 192.0.2.1 is the gateway, and connections to outside
    // addresses are answered by the network). Ports on loopback are; the map is the same.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let fake: Vec<u16> = vec![
        silent.local_addr().unwrap().port(),
        closed_port(),
        closed_port(),
    ];
    for (i, &p) in fake.iter().enumerate() {
        announce(&cluster, i, p);
    }
    wait_advertised(&cluster, &fake);
    let seed = cluster.url(0);
    let base = [
        "--redis-url",
        seed.as_str(),
        "--store",
        "connect-redis",
        "--timeout",
        "1s",
    ];
    let map = |i: usize| format!("127.0.0.1:{}=127.0.0.1:{}", fake[i], cluster.nodes[i].port);
    let hint = |i: usize| {
        format!(
            "if this address the cluster advertises is not reachable from here, map it to one that is: --cluster-address-map 127.0.0.1:{}=<reachable host:port>",
            fake[i]
        )
    };

    // No primary reached: exit 3, every advertised address named, with the mapping to give.
    let (code, out, err) = run(&cat(&["sessions", "list"], &base), "");
    assert_eq!((code, out.as_str()), (3, ""), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(&format!(
            "no primary of the Redis Cluster of {seed} could be reached: node 127.0.0.1:{} (slots ",
            fake[0]
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "cannot reach Redis at redis://127.0.0.1:{}: timed out after 1s; {}",
            fake[0],
            hint(0)
        )),
        "{err}"
    );
    for (i, port) in fake.iter().enumerate().skip(1) {
        assert!(
            err.contains(&format!(
                "cannot reach Redis at redis://127.0.0.1:{port}: connection refused; {}",
                hint(i)
            )),
            "{err}"
        );
    }

    // Two of three mapped: the third is named, the answer partial (exit 1).
    let (m0, m1) = (map(0), map(1));
    let partial = [
        "--cluster-address-map",
        m0.as_str(),
        "--cluster-address-map",
        m1.as_str(),
    ];
    let (code, _, err) = run(&cat(&cat(&["sessions", "list"], &base), &partial), "");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("was not wholly scanned"), "{err}");
    assert!(
        err.contains(&format!("node 127.0.0.1:{} (slots ", fake[2])),
        "{err}"
    );
    assert!(err.contains(&hint(2)), "{err}");

    // All mapped (here from the environment, comma-separated): the same answer as on one server.
    let all = (0..3).map(map).collect::<Vec<_>>().join(",");
    let args = cat(&["sessions", "list", "-o", "json", "-v"], &base);
    let out = sessctl(&args)
        .env("SESSCTL_CLUSTER_ADDRESS_MAP", &all)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed(&v), expected(FILE));
    drop(silent);
}

#[test]
fn auto_detection_samples_every_primary() {
    let cluster = TestCluster::start();
    cluster.load(&[FILE]);
    // The seed node holds none of the sessions, only other keys: a sample of it alone would
    // find no session store.
    let mut c = cluster.nodes[0].conn(0);
    for k in cluster.keys_on(0) {
        redis::cmd("DEL").arg(k).query::<()>(&mut c).unwrap();
    }
    let tag = cluster.hash_tag_on(0);
    for i in 0..50 {
        redis::cmd("SET")
            .arg(format!("cache:{{{tag}}}:{i}"))
            .arg("<html>")
            .query::<()>(&mut c)
            .unwrap();
    }
    let seed = cluster.url(0);
    let (code, explicit, err) = run_json(
        &[
            "sessions",
            "list",
            "-o",
            "json",
            "--store",
            "connect-redis",
            "--redis-url",
            &seed,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(!listed(&explicit).is_empty());
    let (code, auto, err) = run_json(
        &["sessions", "list", "-o", "json", "--redis-url", &seed],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(listed(&auto), listed(&explicit));
}

#[test]
fn a_cluster_that_says_cluster_state_fail_is_refused_naming_it() {
    let cluster = TestCluster::start();
    // Node 0 gives up one of its slots: that slot served by no node, node 0 says
    // cluster_state:fail (cluster-require-full-coverage, the default). No second cluster shape
    // is needed to see it.
    let mut c = cluster.nodes[0].conn(0);
    let tag = cluster.hash_tag_on(0);
    let slot: i64 = redis::cmd("CLUSTER")
        .arg("KEYSLOT")
        .arg(&tag)
        .query(&mut c)
        .unwrap();
    redis::cmd("CLUSTER")
        .arg("DELSLOTS")
        .arg(slot)
        .query::<()>(&mut c)
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info: String = redis::cmd("CLUSTER").arg("INFO").query(&mut c).unwrap();
        if info.contains("cluster_state:fail") {
            break;
        }
        assert!(Instant::now() < deadline, "no cluster_state:fail: {info}");
        std::thread::sleep(Duration::from_millis(50));
    }
    let seed = cluster.url(0);
    let (code, out, err) = run(
        &[
            "sessions",
            "list",
            "--store",
            "connect-redis",
            "--redis-url",
            &seed,
        ],
        "",
    );
    assert_eq!((code, out.as_str()), (3, ""), "{err}");
    assert_eq!(
        err,
        format!(
            "sessctl: error: the Redis Cluster of {seed} is not serving (cluster_state:fail): a node or a slot range is down\n"
        )
    );
}
