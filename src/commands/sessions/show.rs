//! `sessctl sessions show ID`: fetch one session by id and show it whole.

use crate::cli::ShowArgs;
use crate::context::Ctx;
use crate::exit::Exit;
use crate::report::Sink;
use crate::report::sessions::{SessionDetail, SessionEvent, SessionSummary};
use crate::store::{self, Session};

/// Runs `sessions show`.
///
/// # Errors
/// Connection and preset errors, Redis failures; no such session (exit 1).
pub(crate) fn run(args: &ShowArgs, ctx: &Ctx, sink: &mut dyn Sink) -> anyhow::Result<Exit> {
    let id = store::unescape_key(&args.id)?;
    let (mut redis, preset) = crate::commands::connect::open(ctx, sink)?;
    let mut found: Option<Session> = None;
    let keys = preset.keys_for_id(&id);
    for raw in redis.fetch(&keys, &preset.limits)? {
        if let Some(s) = store::decode_one(&preset, raw)? {
            found = Some(s);
            break;
        }
    }
    let Some(s) = found else {
        anyhow::bail!(
            "no session `{}` in the {} store at {}",
            args.id,
            preset.kind.name(),
            redis.shown()
        );
    };
    let detail = SessionDetail {
        summary: SessionSummary::new(&s),
        store: preset.kind.name(),
        data: s.data.unwrap_or(serde_json::Value::Null),
    };
    sink.sessions(SessionEvent::Show(&detail))?;
    Ok(Exit::Ok)
}
