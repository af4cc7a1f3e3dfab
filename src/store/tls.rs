//! TLS as it is deployed (`rediss://`): a private CA (`--tls-ca`), client certificates
//! (`--tls-cert`/`--tls-key`, for servers with `tls-auth-clients yes`), a certificate checked
//! against another name than the host connected to (`--tls-server-name`, for a tunnel or an IP
//! address), and no verification at all (`--tls-insecure`).
//!
//! sessctl makes the TLS connections itself, with rustls, and redis-rs speaks RESP over them
//! through a private Unix socket (a [`Tunnel`]). redis-rs (1.8, and 2.0 as well) takes the name
//! it verifies the certificate against from the host it connects to, accepts no rustls
//! `ClientConfig` or certificate verifier of ours, and hands a handshake failure back only as
//! text inside an `io::Error`: so it can neither connect to one address and verify another name,
//! nor say which check failed. Owning the connection gives both: the [`rustls::Error`] comes typed,
//! and a client certificate resolver that notes the server's request for one tells "the server
//! requires a client certificate" from any other connection reset. The price is a hop through
//! the socket (two threads per connection, a copy each way), small beside the TLS work itself.
//!
//! Why a connection failed reaches the caller through [`take_failure`]: redis-rs only sees the
//! socket close, and `store::redis` asks here before wording a connection error.
//!
//! A private key file is a secret: its bytes are never shown, and errors reading it name the
//! file only.

use std::io::{Read as _, Write as _};
use std::net::{Shutdown, TcpStream, ToSocketAddrs as _};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{ResolvesClientCert, WebPkiServerVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{AlertDescription, CertificateError, ClientConfig, ClientConnection, RootCertStore};

use crate::exit;

/// The TLS options, as given (`--tls-*` or `SESSCTL_TLS_*`). File names are not secrets; the
/// key file's contents are read only when connecting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// `--tls-ca`: the CA certificates (PEM) to trust instead of the system's.
    pub ca: Option<PathBuf>,
    /// `--tls-cert`: the client certificate chain (PEM).
    pub cert: Option<PathBuf>,
    /// `--tls-key`: the client certificate's private key (PEM).
    pub key: Option<PathBuf>,
    /// `--tls-server-name`: the name to verify the server's certificate against (and send as SNI).
    pub server_name: Option<String>,
    /// `--tls-insecure`: no verification of the server's certificate.
    pub insecure: bool,
}

impl TlsOptions {
    /// The options given, as the command line names them.
    pub fn given(&self) -> Vec<&'static str> {
        let mut given = Vec::new();
        for (set, name) in [
            (self.ca.is_some(), "--tls-ca"),
            (self.cert.is_some(), "--tls-cert"),
            (self.key.is_some(), "--tls-key"),
            (self.server_name.is_some(), "--tls-server-name"),
            (self.insecure, "--tls-insecure"),
        ] {
            if set {
                given.push(name);
            }
        }
        given
    }
}

/// What a URL and the TLS options ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No TLS (`redis://`, a Unix socket).
    Plain,
    /// TLS, the server's certificate verified.
    Verified,
    /// TLS without verifying the server's certificate (`--tls-insecure`, or redis-rs'
    /// `rediss://…#insecure`).
    Insecure,
}

/// The warning `--tls-insecure` earns, every time it is used.
pub const INSECURE_WARNING: &str = "--tls-insecure: the server's certificate is not verified; anyone on the network path can read and change this connection, passwords and sessions included";

/// What `url` with `opts` asks for. A URL that does not parse is `Plain` here: connecting reports
/// it.
///
/// # Errors
/// A usage error (exit 2) for TLS options with a URL that is not `rediss://`.
pub fn mode(url: &str, opts: &TlsOptions) -> anyhow::Result<Mode> {
    match redis::IntoConnectionInfo::into_connection_info(url) {
        Ok(info) => mode_of(&info, opts, url),
        Err(_) => Ok(Mode::Plain),
    }
}

fn mode_of(info: &redis::ConnectionInfo, opts: &TlsOptions, url: &str) -> anyhow::Result<Mode> {
    match info.addr() {
        redis::ConnectionAddr::TcpTls { insecure, .. } => Ok(if opts.insecure || *insecure {
            Mode::Insecure
        } else {
            Mode::Verified
        }),
        _ => match opts.given().as_slice() {
            [] => Ok(Mode::Plain),
            given => Err(exit::usage(format!(
                "{} {} a rediss:// URL, and the Redis URL is {}",
                given.join(", "),
                if given.len() == 1 { "needs" } else { "need" },
                crate::secret::mask_url(url)
            ))),
        },
    }
}

/// For a `rediss://` URL, starts the [`Tunnel`] that makes its TLS connections and returns the
/// connection info redis-rs should use (the tunnel's socket, same database and credentials), with
/// the tunnel, to be kept as long as the client is used. Anything else is returned unchanged.
///
/// # Errors
/// Usage errors (exit 2): TLS options without `rediss://`, a file that cannot be read or used
/// (named, never shown), a server name that is not one. Starting the tunnel's socket can fail too.
pub fn tunnel(
    info: redis::ConnectionInfo,
    opts: &TlsOptions,
    url: &str,
    timeout: Duration,
) -> anyhow::Result<(redis::ConnectionInfo, Option<Tunnel>)> {
    let mode = mode_of(&info, opts, url)?;
    let redis::ConnectionAddr::TcpTls { host, port, .. } = info.addr().clone() else {
        return Ok((info, None));
    };
    let name = opts.server_name.clone().unwrap_or_else(|| host.clone());
    let server_name = ServerName::try_from(name.clone()).map_err(|_| {
        exit::usage(match &opts.server_name {
            Some(_) => format!("--tls-server-name {name}: not a DNS name or an IP address"),
            None => {
                format!("{name}: not a DNS name or an IP address to verify a certificate against")
            }
        })
    })?;
    let (config, asked) = client_config(opts, mode)?;
    let tunnel = Tunnel::start(Target {
        host,
        port,
        name,
        server_name,
        config: Arc::new(config),
        asked,
        sent_cert: opts.cert.clone(),
        ca: opts.ca.clone(),
        name_given: opts.server_name.is_some(),
        timeout,
    })?;
    let info = info.set_addr(redis::ConnectionAddr::Unix(tunnel.path.clone()));
    Ok((info, Some(tunnel)))
}

/// Why the last tunnelled connection failed (its TCP connection or its TLS), taken once.
/// `store::redis` asks for it when a connection error comes back from redis-rs, which saw only
/// the tunnel's socket close.
pub fn take_failure() -> Option<String> {
    FAILURE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}

static FAILURE: Mutex<Option<String>> = Mutex::new(None);

fn record(why: String) {
    *FAILURE.lock().unwrap_or_else(PoisonError::into_inner) = Some(why);
}

// ---------------------------------------------------------------------------------------------
// The rustls configuration.

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// The client configuration, and the flag its client certificate resolver sets when the server
/// asks for a client certificate.
fn client_config(opts: &TlsOptions, mode: Mode) -> anyhow::Result<(ClientConfig, Arc<AtomicBool>)> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| anyhow::anyhow!("TLS: {e}"))?;
    let builder = if mode == Mode::Insecure {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(NoVerification(
                provider.signature_verification_algorithms,
            )))
    } else {
        let roots = match &opts.ca {
            Some(path) => ca_roots(path)?,
            None => system_roots()?,
        };
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| anyhow::anyhow!("TLS: {e}"))?;
        builder.with_webpki_verifier(verifier)
    };
    let mut config = match (&opts.cert, &opts.key) {
        (Some(cert), Some(key)) => {
            let chain = certificates(cert, "--tls-cert")?;
            let key_der = private_key(key)?;
            builder.with_client_auth_cert(chain, key_der).map_err(|e| {
                exit::usage(format!(
                    "--tls-key {} cannot be used with --tls-cert {}: {}",
                    key.display(),
                    cert.display(),
                    key_mismatch(&e)
                ))
            })?
        }
        (None, None) => builder.with_no_client_auth(),
        _ => return Err(exit::usage("--tls-cert and --tls-key go together")),
    };
    let asked = Arc::new(AtomicBool::new(false));
    config.client_auth_cert_resolver = Arc::new(NotesRequest {
        inner: config.client_auth_cert_resolver.clone(),
        asked: asked.clone(),
    });
    Ok((config, asked))
}

fn key_mismatch(e: &rustls::Error) -> String {
    match e {
        rustls::Error::InconsistentKeys(_) => "the key does not belong to the certificate".into(),
        // rustls' own words about a key never quote it.
        other => other.to_string(),
    }
}

/// The system's root certificates, as redis-rs loaded them for `rediss://` (honouring
/// `SSL_CERT_FILE` and `SSL_CERT_DIR`).
fn system_roots() -> anyhow::Result<RootCertStore> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (_added, _ignored) = roots.add_parsable_certificates(found.certs);
    if roots.is_empty() {
        return Err(exit::usage(match found.errors.first() {
            Some(e) => format!("no system root certificates to verify the server with ({e}); pass the server's CA with --tls-ca FILE"),
            None => "no system root certificates to verify the server with; pass the server's CA with --tls-ca FILE".into(),
        }));
    }
    Ok(roots)
}

/// The CA certificates of `--tls-ca`.
fn ca_roots(path: &Path) -> anyhow::Result<RootCertStore> {
    let mut roots = RootCertStore::empty();
    for (i, cert) in certificates(path, "--tls-ca")?.into_iter().enumerate() {
        roots.add(cert).map_err(|e| {
            exit::usage(format!(
                "--tls-ca {}: certificate {} cannot be a trust anchor: {e}",
                path.display(),
                i + 1
            ))
        })?;
    }
    Ok(roots)
}

/// The certificates in a PEM file (other PEM sections, such as a key, are skipped).
fn certificates(path: &Path, option: &str) -> anyhow::Result<Vec<CertificateDer<'static>>> {
    let text = std::fs::read(path)
        .map_err(|e| exit::usage(format!("cannot read {option} {}: {e}", path.display())))?;
    let certs = CertificateDer::pem_slice_iter(&text)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            exit::usage(format!(
                "{option} {}: not PEM certificates ({e})",
                path.display()
            ))
        })?;
    if certs.is_empty() {
        return Err(exit::usage(format!(
            "{option} {}: no certificate in it (expected PEM `-----BEGIN CERTIFICATE-----`)",
            path.display()
        )));
    }
    Ok(certs)
}

/// The private key in a PEM file. It is a secret: no error shows any of its bytes (the PEM
/// parser's messages may quote a line, so they are not passed on).
fn private_key(path: &Path) -> anyhow::Result<PrivateKeyDer<'static>> {
    let text = std::fs::read(path)
        .map_err(|e| exit::usage(format!("cannot read --tls-key {}: {e}", path.display())))?;
    PrivateKeyDer::from_pem_slice(&text).map_err(|_| {
        exit::usage(format!(
            "--tls-key {}: no private key found (expected PEM `-----BEGIN PRIVATE KEY-----`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`)",
            path.display()
        ))
    })
}

/// Notes that the server asked for a client certificate, then answers as the configured
/// resolver does: so that a connection closed after the handshake can be told apart.
#[derive(Debug)]
struct NotesRequest {
    inner: Arc<dyn ResolvesClientCert>,
    asked: Arc<AtomicBool>,
}

impl ResolvesClientCert for NotesRequest {
    fn resolve(
        &self,
        root_hint_subjects: &[&[u8]],
        sigschemes: &[rustls::SignatureScheme],
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        self.asked.store(true, Ordering::SeqCst);
        self.inner.resolve(root_hint_subjects, sigschemes)
    }

    fn has_certs(&self) -> bool {
        self.inner.has_certs()
    }
}

/// `--tls-insecure`: any certificate is accepted; the handshake's signatures are still checked
/// (they prove the server holds the key of the certificate it sent, whatever that is).
#[derive(Debug)]
struct NoVerification(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for NoVerification {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_schemes()
    }
}

// ---------------------------------------------------------------------------------------------
// Which check failed, in words.

/// Where a tunnel connects, and with what.
struct Target {
    host: String,
    port: u16,
    /// The name the certificate is verified against (`--tls-server-name`, else the host).
    name: String,
    server_name: ServerName<'static>,
    config: Arc<ClientConfig>,
    /// Set once the server has asked for a client certificate.
    asked: Arc<AtomicBool>,
    /// `--tls-cert`, when one is sent.
    sent_cert: Option<PathBuf>,
    /// `--tls-ca`, when given.
    ca: Option<PathBuf>,
    /// `--tls-server-name` was given.
    name_given: bool,
    timeout: Duration,
}

const CLIENT_CERT_REQUIRED: &str =
    "TLS: the server requires a client certificate (--tls-cert/--tls-key)";

impl Target {
    /// A TLS failure in words: which check failed, and what to do about it.
    fn explain(&self, e: &rustls::Error) -> String {
        use rustls::Error as E;
        match e {
            E::InvalidCertificate(c) => self.explain_certificate(c),
            E::AlertReceived(alert) => self.explain_alert(*alert),
            E::InvalidMessage(_) | E::InappropriateMessage { .. } => format!(
                "TLS: the server at {}:{} did not answer in TLS; is it a TLS port? (rediss:// is TLS, redis:// plain)",
                self.host, self.port
            ),
            other => format!("TLS: handshake failed: {other}"),
        }
    }

    fn explain_certificate(&self, c: &CertificateError) -> String {
        use CertificateError as C;
        match c {
            C::UnknownIssuer => match &self.ca {
                Some(ca) => format!(
                    "TLS: unknown CA: the server's certificate is not signed by a CA in --tls-ca {}",
                    ca.display()
                ),
                None => "TLS: unknown CA: the server's certificate is not signed by a CA the system trusts; pass its CA with --tls-ca FILE".into(),
            },
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                let presented = match c {
                    C::NotValidForNameContext { presented, .. } if !presented.is_empty() => {
                        let names: Vec<&str> = presented.iter().map(|n| presented_name(n)).collect();
                        format!(" (it is for {})", names.join(", "))
                    }
                    _ => String::new(),
                };
                let hint = if self.name_given {
                    ""
                } else {
                    "; through a tunnel or by IP address, give the name it is for with --tls-server-name NAME"
                };
                format!(
                    "TLS: name mismatch: the server's certificate is not valid for {}{presented}{hint}",
                    self.name
                )
            }
            C::Expired | C::ExpiredContext { .. } => match c {
                C::ExpiredContext { not_after, .. } => format!(
                    "TLS: expired certificate: the server's certificate expired at {}",
                    time_text(*not_after)
                ),
                _ => "TLS: expired certificate: the server's certificate has expired".into(),
            },
            C::NotValidYet | C::NotValidYetContext { .. } => match c {
                C::NotValidYetContext { not_before, .. } => format!(
                    "TLS: the server's certificate is not valid before {} (is this machine's clock right?)",
                    time_text(*not_before)
                ),
                _ => "TLS: the server's certificate is not valid yet (is this machine's clock right?)".into(),
            },
            C::Revoked => "TLS: the server's certificate is revoked".into(),
            C::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
                "TLS: the server presents a CA certificate as its own (a self-signed CA? give the CA that signed the server's certificate with --tls-ca, or re-issue it)".into()
            }
            other => format!("TLS: the server's certificate is not valid: {other}"),
        }
    }

    /// An alert the server sent: about the client certificate it asked for, when it did.
    fn explain_alert(&self, alert: AlertDescription) -> String {
        if alert == AlertDescription::CertificateRequired {
            return CLIENT_CERT_REQUIRED.into();
        }
        if let Some(why) = self.certificate_missing() {
            return why;
        }
        match &self.sent_cert {
            Some(cert) if refuses_certificate(alert) => format!(
                "TLS: the server refused the client certificate in --tls-cert {} ({})",
                cert.display(),
                alert_words(alert)
            ),
            _ => format!(
                "TLS: the server ended the handshake ({})",
                alert_words(alert)
            ),
        }
    }

    /// After the server asked for a client certificate and none was sent, a connection it closes
    /// or resets is the server refusing to go on without one (TLS 1.3 servers decide after the
    /// handshake, and some close without an alert).
    fn certificate_missing(&self) -> Option<String> {
        (self.sent_cert.is_none() && self.asked.load(Ordering::SeqCst))
            .then(|| CLIENT_CERT_REQUIRED.to_owned())
    }
}

/// A name a certificate presents, as webpki spells it (`DnsName("redis.internal")`,
/// `IpAddress(10.0.0.5)`), without the spelling.
fn presented_name(text: &str) -> &str {
    let inner = text
        .split_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(text);
    inner
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(inner)
}

/// The alerts a server sends about a client certificate it does not accept.
fn refuses_certificate(alert: AlertDescription) -> bool {
    matches!(
        alert,
        AlertDescription::BadCertificate
            | AlertDescription::UnsupportedCertificate
            | AlertDescription::CertificateRevoked
            | AlertDescription::CertificateExpired
            | AlertDescription::CertificateUnknown
            | AlertDescription::UnknownCA
            | AlertDescription::AccessDenied
            | AlertDescription::DecryptError
    )
}

fn alert_words(alert: AlertDescription) -> String {
    match alert {
        AlertDescription::UnknownCA => "alert: unknown CA".into(),
        AlertDescription::BadCertificate => "alert: bad certificate".into(),
        AlertDescription::CertificateExpired => "alert: certificate expired".into(),
        AlertDescription::CertificateRevoked => "alert: certificate revoked".into(),
        AlertDescription::CertificateUnknown => "alert: certificate unknown".into(),
        AlertDescription::HandshakeFailure => "alert: handshake failure".into(),
        AlertDescription::ProtocolVersion => "alert: no protocol version in common".into(),
        // The alert's name, in words (`InternalError` → `internal error`).
        other => {
            let mut words = String::from("alert:");
            for c in format!("{other:?}").chars() {
                if c.is_ascii_uppercase() {
                    words.push(' ');
                }
                words.push(c.to_ascii_lowercase());
            }
            words
        }
    }
}

fn time_text(t: UnixTime) -> String {
    i64::try_from(t.as_secs())
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or_else(
            || format!("{} (unix time)", t.as_secs()),
            |ts| ts.to_string(),
        )
}

/// The rustls error inside an I/O error from a rustls stream, if that is what it is.
fn rustls_error(e: &std::io::Error) -> Option<&rustls::Error> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

// ---------------------------------------------------------------------------------------------
// The tunnel.

/// A private Unix socket (in a directory only this user can enter) on which every connection
/// redis-rs makes becomes a TLS connection to the server: the TCP connection, the handshake and
/// the encryption are done here, the plaintext goes through the socket. Removed when dropped.
pub struct Tunnel {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    // Last, so that the socket is unlinked after the listener thread was told to stop.
    _dir: tempfile::TempDir,
}

impl std::fmt::Debug for Tunnel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tunnel").field("path", &self.path).finish()
    }
}

impl Tunnel {
    fn start(target: Target) -> anyhow::Result<Tunnel> {
        use std::os::unix::fs::PermissionsExt as _;
        // Only this user may enter the directory, and so connect to the socket: a connection
        // through it is made with the client certificate.
        let dir = tempfile::Builder::new()
            .prefix("sessctl-tls-")
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
            .map_err(|e| anyhow::anyhow!("creating the TLS tunnel's directory: {e}"))?;
        let path = dir.path().join("redis.sock");
        let listener = UnixListener::bind(&path).map_err(|e| {
            anyhow::anyhow!("creating the TLS tunnel's socket {}: {e}", path.display())
        })?;
        let stop = Arc::new(AtomicBool::new(false));
        let target = Arc::new(target);
        let stopped = stop.clone();
        std::thread::Builder::new()
            .name("tls-tunnel".into())
            .spawn(move || {
                for local in listener.incoming() {
                    if stopped.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(local) = local else { continue };
                    let target = target.clone();
                    let _ = std::thread::Builder::new()
                        .name("tls-down".into())
                        .spawn(move || serve(local, &target));
                }
            })
            .map_err(|e| anyhow::anyhow!("starting the TLS tunnel: {e}"))?;
        Ok(Tunnel {
            path,
            stop,
            _dir: dir,
        })
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the listener so that it sees `stop`.
        let _ = UnixStream::connect(&self.path);
    }
}

/// One connection: connect, handshake, then relay until either side closes. A failure is
/// recorded (see [`take_failure`]) before the local side is closed, so that redis-rs' error is
/// explained when it comes.
fn serve(local: UnixStream, target: &Target) {
    match establish(target) {
        Ok((conn, tcp)) => relay(local, conn, tcp, target),
        Err(why) => {
            record(why);
            let _ = local.shutdown(Shutdown::Both);
        }
    }
}

/// The TCP connection and the TLS handshake, within the timeout.
fn establish(target: &Target) -> Result<(ClientConnection, TcpStream), String> {
    let deadline = Instant::now() + target.timeout;
    let tcp = tcp_connect(target)?;
    let mut conn = ClientConnection::new(target.config.clone(), target.server_name.clone())
        .map_err(|e| format!("TLS: {e}"))?;
    let remaining = deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1));
    let _ = tcp.set_read_timeout(Some(remaining));
    let _ = tcp.set_write_timeout(Some(target.timeout));
    let _ = tcp.set_nodelay(true);
    let mut io = &tcp;
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut io) {
            return Err(handshake_error(target, &e));
        }
    }
    while conn.wants_write() {
        conn.write_tls(&mut io)
            .map_err(|e| handshake_error(target, &e))?;
    }
    // From here on, redis-rs' own read timeout on the socket watches the server.
    let _ = tcp.set_read_timeout(None);
    Ok((conn, tcp))
}

fn handshake_error(target: &Target, e: &std::io::Error) -> String {
    if let Some(tls) = rustls_error(e) {
        return target.explain(tls);
    }
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => format!(
            "TLS: no answer to the handshake from {}:{} within {}; is it a TLS port? (rediss:// is TLS, redis:// plain)",
            target.host,
            target.port,
            super::redis::humantime(target.timeout)
        ),
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::BrokenPipe => target.certificate_missing().unwrap_or_else(|| {
            format!(
                "TLS: the server at {}:{} closed the connection during the handshake; is it a TLS port? (rediss:// is TLS, redis:// plain)",
                target.host, target.port
            )
        }),
        _ => format!("TLS: handshake failed: {e}"),
    }
}

/// Connects to the first address of the host that answers, as redis-rs does; failures worded as
/// `store::redis` words them for a plain connection.
fn tcp_connect(target: &Target) -> Result<TcpStream, String> {
    let addrs = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| e.to_string())?;
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, target.timeout) {
            Ok(tcp) => return Ok(tcp),
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
        Some(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            format!(
                "timed out after {}",
                super::redis::humantime(target.timeout)
            )
        }
        Some(e) => e.to_string(),
        None => format!("{}: no address to connect to", target.host),
    })
}

/// The TLS connection and the socket it writes to: one lock, so that records go out in the order
/// they were made.
struct Session {
    conn: ClientConnection,
    tcp: TcpStream,
}

impl Session {
    fn flush(&mut self) -> std::io::Result<()> {
        while self.conn.wants_write() {
            self.conn.write_tls(&mut self.tcp)?;
        }
        Ok(())
    }
}

/// Relays plaintext between the local socket and the TLS connection: this thread carries what
/// the server sends, another what redis-rs sends.
fn relay(local: UnixStream, mut conn: ClientConnection, tcp: TcpStream, target: &Target) {
    conn.set_buffer_limit(None);
    let (Ok(tcp_in), Ok(local_in)) = (tcp.try_clone(), local.try_clone()) else {
        record("TLS: cannot share the connection between the tunnel's threads".into());
        return;
    };
    let session = Arc::new(Mutex::new(Session { conn, tcp }));
    let up = {
        let session = session.clone();
        std::thread::Builder::new()
            .name("tls-up".into())
            .spawn(move || upstream(local_in, &session))
    };
    if up.is_err() {
        return;
    }
    downstream(tcp_in, local, &session, target);
}

/// redis-rs → server. Ends when redis-rs closes the connection (then the server is told, with a
/// close_notify) or the TLS connection fails.
fn upstream(mut local: UnixStream, session: &Mutex<Session>) {
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match local.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let mut s = session.lock().unwrap_or_else(PoisonError::into_inner);
        if s.conn.writer().write_all(&buf[..n]).is_err() || s.flush().is_err() {
            break;
        }
    }
    let mut s = session.lock().unwrap_or_else(PoisonError::into_inner);
    s.conn.send_close_notify();
    let _ = s.flush();
    let _ = s.tcp.shutdown(Shutdown::Both);
}

/// Server → redis-rs. A TLS failure is recorded before the local side is closed.
fn downstream(
    mut tcp: TcpStream,
    mut local: UnixStream,
    session: &Mutex<Session>,
    target: &Target,
) {
    let mut buf = vec![0u8; 64 << 10];
    let mut received = false;
    loop {
        let n = match tcp.read(&mut buf) {
            Ok(n) if n > 0 => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // Closed or reset before the first answer: a server that wanted a client certificate.
            Ok(_) | Err(_) => {
                if !received && let Some(why) = target.certificate_missing() {
                    record(why);
                }
                break;
            }
        };
        let mut plain = Vec::new();
        let mut failed = None;
        {
            let mut s = session.lock().unwrap_or_else(PoisonError::into_inner);
            let mut input = &buf[..n];
            while !input.is_empty() {
                if let Err(e) = s.conn.read_tls(&mut input) {
                    failed = Some(format!("TLS: {e}"));
                    break;
                }
                if let Err(e) = s.conn.process_new_packets() {
                    failed = Some(target.explain(&e));
                    break;
                }
                drain(&mut s.conn, &mut plain);
            }
            let _ = s.flush();
        }
        if !plain.is_empty() {
            received = true;
            if local.write_all(&plain).is_err() {
                break;
            }
        }
        if let Some(why) = failed {
            record(why);
            break;
        }
    }
    let _ = local.shutdown(Shutdown::Both);
    let s = session.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = s.tcp.shutdown(Shutdown::Both);
}

/// Moves the plaintext rustls has decrypted into `out`.
fn drain(conn: &mut ClientConnection, out: &mut Vec<u8>) {
    let mut chunk = [0u8; 16 << 10];
    loop {
        match conn.reader().read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => out.extend_from_slice(&chunk[..n]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(url: &str) -> redis::ConnectionInfo {
        redis::IntoConnectionInfo::into_connection_info(url).unwrap()
    }

    #[test]
    fn alerts_are_words() {
        assert_eq!(
            alert_words(AlertDescription::InternalError),
            "alert: internal error"
        );
        assert_eq!(
            alert_words(AlertDescription::UnknownCA),
            "alert: unknown CA"
        );
    }

    #[test]
    fn presented_names_lose_webpki_spelling() {
        assert_eq!(
            presented_name("DnsName(\"redis.internal\")"),
            "redis.internal"
        );
        assert_eq!(presented_name("IpAddress(10.0.0.5)"), "10.0.0.5");
        assert_eq!(presented_name("plain"), "plain");
    }

    #[test]
    fn tls_options_need_a_rediss_url() {
        let ca = TlsOptions {
            ca: Some("ca.pem".into()),
            ..Default::default()
        };
        assert_eq!(mode("rediss://h:1", &ca).unwrap(), Mode::Verified);
        let e = mode("redis://:secret@h:1/0", &ca).unwrap_err();
        assert_eq!(exit::classify(&e), exit::Exit::Usage);
        assert_eq!(
            e.to_string(),
            "--tls-ca needs a rediss:// URL, and the Redis URL is redis://:***@h:1/0"
        );
        let all = TlsOptions {
            ca: Some("a".into()),
            cert: Some("b".into()),
            key: Some("c".into()),
            server_name: Some("d".into()),
            insecure: true,
        };
        assert_eq!(
            mode("redis+unix:///tmp/r.sock", &all)
                .unwrap_err()
                .to_string(),
            "--tls-ca, --tls-cert, --tls-key, --tls-server-name, --tls-insecure need a rediss:// URL, and the Redis URL is redis+unix:///tmp/r.sock"
        );
        assert_eq!(
            mode("redis://h", &TlsOptions::default()).unwrap(),
            Mode::Plain
        );
        assert_eq!(
            mode("rediss://h/#insecure", &TlsOptions::default()).unwrap(),
            Mode::Insecure
        );
    }

    #[test]
    fn a_plain_url_gets_no_tunnel() {
        let (same, tunnel) = tunnel(
            info("redis://127.0.0.1:1/3"),
            &TlsOptions::default(),
            "redis://127.0.0.1:1/3",
            Duration::from_secs(1),
        )
        .unwrap();
        assert!(tunnel.is_none());
        assert_eq!(same.addr(), info("redis://127.0.0.1:1/3").addr());
    }

    #[test]
    fn a_rediss_url_goes_through_a_private_socket_with_the_same_database() {
        let (through, tunnel) = tunnel(
            info("rediss://user:pw@127.0.0.1:1/3"),
            &TlsOptions {
                insecure: true,
                ..Default::default()
            },
            "rediss://user:pw@127.0.0.1:1/3",
            Duration::from_secs(1),
        )
        .unwrap();
        let tunnel = tunnel.unwrap();
        assert_eq!(
            through.addr(),
            &redis::ConnectionAddr::Unix(tunnel.path.clone())
        );
        assert_eq!(through.redis_settings().db(), 3);
        assert_eq!(through.redis_settings().username(), Some("user"));
        let dir = tunnel.path.parent().unwrap().to_owned();
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the tunnel's directory is private");
        drop(tunnel);
        assert!(!dir.exists(), "the tunnel's directory is removed");
    }

    #[test]
    fn a_bad_server_name_is_a_usage_error() {
        let e = tunnel(
            info("rediss://127.0.0.1:1"),
            &TlsOptions {
                server_name: Some("not a name".into()),
                insecure: true,
                ..Default::default()
            },
            "rediss://127.0.0.1:1",
            Duration::from_secs(1),
        )
        .unwrap_err();
        assert_eq!(exit::classify(&e), exit::Exit::Usage);
        assert_eq!(
            e.to_string(),
            "--tls-server-name not a name: not a DNS name or an IP address"
        );
    }
}
