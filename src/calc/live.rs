//! The summary kept up to date while someone types, at the cost of what
//! changed rather than of the whole plan.
//!
//! [`super::summarize`] computes everything from scratch: on a plan of
//! 5,000 schemes that is many milliseconds, too much for every keystroke
//! or every row added. Every edit says what it did
//! ([`crate::model::edit::Applied`]: the records changed in place,
//! inserted, removed, moved or reordered, the header), derived by the one
//! function that applies edits; [`LiveSummary`] keeps, besides the summary
//! itself, what it needs to redo only the parts that depend on those
//! records:
//!
//! - the finance totals as running sums (with counts, so a group or a year
//!   disappears exactly when its last entry does): a scheme's money is
//!   taken out and put back in, added, or taken out for good;
//! - each record's canonical encoding, so the content fingerprint of a list
//!   is hashed again without encoding the other records;
//! - the checklist as segments (the header's items, the finance items, one
//!   segment per scheme, metric and risk, the sign-offs'), so one record's
//!   items are replaced, inserted, removed or moved in place, and the
//!   records that moved along are renumbered ("Scheme 5" becomes "Scheme
//!   6") without being checked again;
//! - the ratings and RAGs per record.
//!
//! Whatever is cheap (area RAGs) is recomputed; the sign-offs' states and
//! the header's and sign-offs' items when what they hang on changed (the
//! parts of the plan changed since each signature, not the fingerprint
//! itself), the risk link counts when a risk changed. When a change cannot be applied in place (settings, the
//! whole plan, new financial years, another `today`), everything is
//! rebuilt. The result is always exactly what [`super::summarize`] gives;
//! debug builds check it after every update.

use super::checklist::{
    finance_items, header_items_with, metric_items, renumber_metric_items, renumber_risk_items, renumber_scheme_items,
    risk_items, scheme_segment, signoff_head_items, signoff_item,
};
use super::finance::{Dimension, FinanceTotals, NOT_SET, Parts, reconcile_years};
use super::fingerprint::{
    canonical_bytes, canonical_bytes_into, fingerprint_of_parts, header_hash, list_hash_of_encoded, operating_hash,
    settings_hash,
};
use super::items::CheckItem;
use super::objectives::{milestone_counts, objective_rollups, operating_items, update_objective_rollups};
use super::operating::QippSums;
use super::signoffs::SignOffState;
use super::{
    PlanSummary, checklist::Checklist, finance_totals, rate_areas, rate_metric, rate_risk, record_ratings, risks,
    scheme_rag, signoff_state,
};
pub use crate::model::edit::Change;
use crate::model::{Metric, Plan, RecordId, RecordKind, Risk, Scheme, Span};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// The summary of a plan and what it takes to update it in place.
pub struct LiveSummary {
    summary: PlanSummary,
    today: NaiveDate,
    /// The plan's years when the summary was computed.
    years: Vec<String>,
    /// `None` when the plan's years do not allow running sums (a scheme
    /// with money for a year outside the plan's years, a year listed
    /// twice): then the totals are computed afresh.
    finance: Option<FinanceState>,
    header_hash: String,
    settings_hash: String,
    operating_hash: String,
    schemes_enc: Encoded,
    metrics_enc: Encoded,
    risks_enc: Encoded,
    /// The checklist's segments, as lengths (see [`Segments`]).
    segments: Vec<usize>,
    /// For each scheme, metric and risk: the position its checklist items
    /// were written for (they name it: "Scheme 4").
    numbered: [Vec<usize>; 3],
    /// What the header's and the sign-offs' checklist items were last
    /// written for, besides the records an update names: see [`Since`].
    since: Since,
    /// What each risk gave the risk link counts, in list order: an edit
    /// that changes none of it (a risk's title, say) counts nothing again.
    risk_link_keys: Vec<risks::RiskLinkKey>,
    /// The plan has handed out every id (its header item says so).
    ids_out: bool,
    /// The sign-offs' checklist items as last written: those before each
    /// sign-off's own ([`signoff_head_items`]), and each sign-off's (if
    /// any). A signature that the content now matches, or no longer does,
    /// writes only its sign-off's again.
    signoff_head: Vec<CheckItem>,
    signoff_rows: Vec<Option<CheckItem>>,
    /// The list hashes of the last update still being computed on another
    /// thread, and what of that update waits for them (see
    /// [`LiveSummary::update_deferring`]).
    pending: Option<Pending>,
    /// How large a list's encodings must be for a deferring update to hash
    /// it on another thread ([`DEFER_BYTES`] unless set).
    defer_bytes: usize,
    /// How many updates were made in place, and how many rebuilt
    /// everything (for tests and measuring).
    pub in_place: u64,
    pub rebuilt: u64,
}

/// Each record's canonical encoding, in list order: shared with the thread
/// that hashes the list while the window draws.
type Encoded = std::sync::Arc<Vec<Vec<u8>>>;

/// Lists whose encodings add up to less than this are hashed at once: a
/// thread costs more than hashing them.
const DEFER_BYTES: usize = 512 * 1024;

/// The list hashes of an update computed on another thread, and what the
/// rest of the update (the part that follows the fingerprint) must look at
/// again once they are in.
struct Pending {
    /// The schemes', metrics' and risks' hashes being computed (`None`:
    /// that list did not change).
    jobs: [Option<std::thread::JoinHandle<String>>; 3],
    after: After,
}

/// What the part of an update that follows the fingerprint looks at again:
/// the fingerprint itself, the header's items (which hang on what changed
/// since the plan's status), the sign-offs' states and items.
#[derive(Clone, Copy, Default)]
struct After {
    /// Some part of the fingerprint changed.
    fingerprint: bool,
    header: bool,
    history: bool,
    signoffs: bool,
    structural: bool,
    /// Whether the plan has handed out every id may have changed (a
    /// scheme or milestone edited in place carries the last id, or the ids
    /// had run out).
    ids: bool,
}

impl After {
    fn or(self, o: After) -> After {
        After {
            fingerprint: self.fingerprint || o.fingerprint,
            header: self.header || o.header,
            history: self.history || o.history,
            signoffs: self.signoffs || o.signoffs,
            structural: self.structural || o.structural,
            ids: self.ids || o.ids,
        }
    }
}

/// What the fingerprint means to the header's and the sign-offs' items:
/// the parts of the plan changed since its status (past Draft) and since
/// each sign-off was signed. Every edit changes the fingerprint, but these
/// change only when an edit makes or undoes a difference to them, so the
/// items are written again only then (or when the header, the history,
/// the sign-offs or the records' ids may have changed).
#[derive(PartialEq)]
struct Since {
    status: Option<Vec<&'static str>>,
    signed: Vec<Option<Vec<&'static str>>>,
}

impl Since {
    fn of(plan: &Plan, fingerprint: &crate::model::ContentFingerprint) -> Since {
        Since {
            status: super::lifecycle::changed_since_status(plan, fingerprint).map(|(_, parts)| parts),
            signed: plan
                .signoffs
                .iter()
                .map(|s| {
                    s.signed_content
                        .as_ref()
                        .map(|c| super::signoffs::changed_parts(c, fingerprint))
                })
                .collect(),
        }
    }
}

/// Where each segment of the checklist is (in the order of
/// [`super::checklist::segments`]): the header's items, the
/// finance items, the schemes' head, one per scheme, the metrics' head, one
/// per metric, one per risk, the sign-offs' items.
struct Segments {
    schemes: usize,
    metrics: usize,
}

impl Segments {
    const HEADER: usize = 0;
    const FINANCE: usize = 1;
    /// The segment of record `i` of `kind` (sign-offs have one segment
    /// for all).
    fn record(&self, kind: RecordKind, i: usize) -> usize {
        match kind {
            RecordKind::Schemes => 3 + i,
            RecordKind::Metrics => 4 + self.schemes + i,
            RecordKind::Risks | RecordKind::SignOffs | RecordKind::Objectives | RecordKind::Sections => {
                4 + self.schemes + self.metrics + i
            }
        }
    }
    fn signoffs(&self, risks: usize) -> usize {
        4 + self.schemes + self.metrics + risks
    }
    /// The objectives' and sections' items, after the sign-offs'.
    fn operating(&self, risks: usize) -> usize {
        self.signoffs(risks) + 1
    }
}

/// A change to the order of a list, done to every list kept per record.
enum ListOp<'a> {
    Insert(usize),
    Remove(usize),
    Move(usize, usize),
    /// The element now at `i` was at `from[i]`.
    Permute(&'a [usize]),
}

impl ListOp<'_> {
    /// Does the same to `v`, filling a new place with `fill()`; false
    /// when `v` does not have the places named.
    fn run<T>(&self, v: &mut Vec<T>, fill: impl FnOnce() -> T) -> bool {
        let n = v.len();
        match *self {
            ListOp::Insert(at) if at <= n => v.insert(at, fill()),
            ListOp::Remove(at) if at < n => {
                v.remove(at);
            }
            ListOp::Move(from, to) if from < n && to < n => {
                if from < to {
                    v[from..=to].rotate_left(1);
                } else {
                    v[to..=from].rotate_right(1);
                }
            }
            ListOp::Permute(from) if from.len() == n => {
                let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
                *v = from.iter().filter_map(|&i| slots.get_mut(i)?.take()).collect();
                return v.len() == n;
            }
            _ => return false,
        }
        true
    }
}

impl LiveSummary {
    /// Computes everything (as [`super::summarize`] does).
    pub fn new(plan: &Plan, today: NaiveDate) -> Self {
        let mut finance_state = FinanceState::build(plan);
        let finance = FinanceState::totals_or_afresh(&mut finance_state, plan);
        let (metric_ratings, risk_ratings, scheme_rags) = record_ratings(plan);

        let header_h = header_hash(plan);
        let settings_h = settings_hash(plan);
        let mut buf = Vec::with_capacity(1 << 16);
        let schemes_enc = Encoded::new(encode_each(&plan.schemes, &mut buf));
        let metrics_enc = Encoded::new(encode_each(&plan.metrics, &mut buf));
        let risks_enc = Encoded::new(encode_each(&plan.risks, &mut buf));
        let operating_h = operating_hash(plan);
        let fingerprint = fingerprint_of_parts(
            header_h.clone(),
            settings_h.clone(),
            list_hash_of_encoded(&schemes_enc),
            list_hash_of_encoded(&metrics_enc),
            list_hash_of_encoded(&risks_enc),
            operating_h.clone(),
        );
        let signoff_states: Vec<_> = plan.signoffs.iter().map(|s| signoff_state(s, &fingerprint)).collect();
        let since = Since::of(plan, &fingerprint);

        // the checklist, remembering each segment's length
        let mut items = Vec::new();
        let mut segments = Vec::with_capacity(plan.schemes.len() + plan.metrics.len() + plan.risks.len() + 5);
        super::checklist::segments(plan, &finance, &fingerprint, today, |part| {
            segments.push(part.len());
            items.extend(part);
        });
        let checklist = Checklist { items };
        let milestones = plan.schemes.iter().map(|s| milestone_counts(s, today)).collect();

        let signoff_rows = signoff_rows(plan, &signoff_states, today);
        let summary = PlanSummary::assemble(
            plan,
            finance,
            metric_ratings,
            risk_ratings,
            scheme_rags,
            signoff_states,
            fingerprint,
            checklist,
            milestones,
            today,
        );
        LiveSummary {
            summary,
            today,
            years: plan.header.years.clone(),
            finance: finance_state,
            header_hash: header_h,
            settings_hash: settings_h,
            operating_hash: operating_h,
            schemes_enc,
            metrics_enc,
            risks_enc,
            segments,
            numbered: [
                (0..plan.schemes.len()).collect(),
                (0..plan.metrics.len()).collect(),
                (0..plan.risks.len()).collect(),
            ],
            since,
            risk_link_keys: plan.risks.iter().map(risks::RiskLinkKey::of).collect(),
            ids_out: plan.peek_id().is_none(),
            signoff_head: signoff_head_items(plan),
            signoff_rows,
            pending: None,
            defer_bytes: DEFER_BYTES,
            in_place: 0,
            rebuilt: 0,
        }
    }

    pub fn summary(&self) -> &PlanSummary {
        &self.summary
    }

    /// The summary without the caches.
    pub fn into_summary(self) -> PlanSummary {
        self.summary
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Brings the summary up to date with `plan`, which differs from the
    /// plan last seen only by `changes` (what the edits since said they
    /// did, in order). Rebuilds everything when that cannot be done in
    /// place.
    pub fn update(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change]) {
        self.update_with(plan, today, changes, false);
    }

    /// [`Self::update`], except that a large list's hash (the schemes of a
    /// large plan take a millisecond or two) is computed on another thread
    /// while the caller goes on, e.g. draws the window. Until
    /// [`Self::settle`] or the next update takes the hashes in, the
    /// fingerprint, the header's and the sign-offs' checklist items, the
    /// sign-offs' states and the areas' ratings are those of before this
    /// update; everything else is up to date.
    pub fn update_deferring(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change]) {
        self.update_with(plan, today, changes, true);
    }

    fn update_with(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change], defer: bool) {
        if self.try_update(plan, today, changes, defer) {
            self.in_place += 1;
        } else {
            self.rebuild(plan, today);
        }
        #[cfg(debug_assertions)]
        if self.pending.is_none() {
            self.debug_check(plan, changes);
        }
    }

    /// Waits for the list hashes of the last update still being computed
    /// and finishes that update with them: `plan` must be the plan it was
    /// given. True when there was one.
    pub fn settle(&mut self, plan: &Plan) -> bool {
        let Some(p) = self.pending.take() else {
            return false;
        };
        self.take_hashes(p.jobs);
        self.after_fingerprint(plan, p.after);
        #[cfg(debug_assertions)]
        self.debug_check(plan, &[]);
        true
    }

    /// Deferring updates hash on another thread the lists whose encodings
    /// add up to `bytes` or more (e.g. 0: every list, for tests).
    pub fn defer_from(&mut self, bytes: usize) {
        self.defer_bytes = bytes;
    }

    /// True when no list hash is being computed (see
    /// [`Self::update_deferring`]).
    pub fn is_settled(&self) -> bool {
        self.pending.is_none()
    }

    /// In debug builds: the summary is the one computed afresh.
    #[cfg(debug_assertions)]
    fn debug_check(&self, plan: &Plan, changes: &[Change]) {
        let fresh = super::summarize(plan, self.today);
        assert!(
            self.summary == fresh,
            "the live summary differs from the summary computed afresh after {changes:?}: {:?}",
            differences(&self.summary, &fresh)
        );
    }

    /// Hashes the lists `which` says changed into the fingerprint's parts:
    /// at once, or (`defer`, a list large enough) on another thread, which
    /// leaves the update pending.
    fn hash_lists(&mut self, which: [bool; 3], defer: bool) {
        let mut jobs: [Option<std::thread::JoinHandle<String>>; 3] = Default::default();
        let mut now: [Option<String>; 3] = Default::default();
        for (k, list) in self.encoded().into_iter().enumerate() {
            if !which[k] {
                continue;
            }
            let large = defer && list.iter().map(Vec::len).sum::<usize>() >= self.defer_bytes;
            let job = large
                .then(|| {
                    let list = std::sync::Arc::clone(list);
                    std::thread::Builder::new()
                        .name("opplan-fingerprint".into())
                        .spawn(move || list_hash_of_encoded(&list))
                        .ok()
                })
                .flatten();
            match job {
                Some(j) => jobs[k] = Some(j),
                // no thread to be had: hashed here
                None => now[k] = Some(list_hash_of_encoded(list)),
            }
        }
        for (k, h) in now.into_iter().enumerate() {
            if let Some(h) = h {
                self.set_list_hash(k, h);
            }
        }
        if jobs.iter().any(Option::is_some) {
            self.pending = Some(Pending {
                jobs,
                after: After::default(),
            });
        }
    }

    /// Waits for the hashes being computed and puts them in the
    /// fingerprint's parts.
    fn take_hashes(&mut self, jobs: [Option<std::thread::JoinHandle<String>>; 3]) {
        for (k, job) in jobs.into_iter().enumerate() {
            let Some(job) = job else { continue };
            let list = self.encoded()[k];
            // a hashing thread cannot panic; if it did, hash here
            let h = job.join().unwrap_or_else(|_| list_hash_of_encoded(list));
            self.set_list_hash(k, h);
        }
    }

    /// The schemes', metrics' and risks' encodings.
    fn encoded(&self) -> [&Encoded; 3] {
        [&self.schemes_enc, &self.metrics_enc, &self.risks_enc]
    }

    /// The fingerprint's part for list `k` (schemes, metrics, risks).
    fn set_list_hash(&mut self, k: usize, h: String) {
        let fp = &mut self.summary.fingerprint;
        match k {
            0 => fp.schemes = h,
            1 => fp.metrics = h,
            _ => fp.risks = h,
        }
    }

    /// The part of an update that follows the fingerprint's parts: the
    /// whole fingerprint, what changed since the status and each
    /// signature, the header's and the sign-offs' items, the sign-offs'
    /// states, and the areas' ratings (which count the sign-offs).
    fn after_fingerprint(&mut self, plan: &Plan, after: After) {
        if after.fingerprint {
            let fp = &self.summary.fingerprint;
            let (s, m, r) = (fp.schemes.clone(), fp.metrics.clone(), fp.risks.clone());
            self.summary.fingerprint = fingerprint_of_parts(
                self.header_hash.clone(),
                self.settings_hash.clone(),
                s,
                m,
                r,
                self.operating_hash.clone(),
            );
        }
        // the header's and the sign-offs' items hang on what changed since
        // the plan's status and each signature, on the header, the
        // history, the sign-offs, and (the header's: ids run out) on the
        // records' ids, which only schemes (their milestones) and
        // structural changes can change
        let since = Since::of(plan, &self.summary.fingerprint);
        let signed_moved = since.signed != self.since.signed;
        let mut ids_moved = false;
        if after.header || after.history || after.structural || after.ids {
            let out = plan.peek_id().is_none();
            ids_moved = out != self.ids_out;
            self.ids_out = out;
        }
        if after.header || after.history || after.structural || ids_moved || since.status != self.since.status {
            let head = header_items_with(plan, &self.summary.fingerprint, self.ids_out);
            self.set_segment(Segments::HEADER, head);
        }
        let all_signoffs = after.header
            || after.signoffs
            || after.structural
            || self.signoff_rows.len() != plan.signoffs.len()
            || self.summary.signoff_states.len() != plan.signoffs.len();
        if all_signoffs || signed_moved {
            let fingerprint = &self.summary.fingerprint;
            if all_signoffs {
                self.summary.signoff_states = plan.signoffs.iter().map(|s| signoff_state(s, fingerprint)).collect();
                self.signoff_head = signoff_head_items(plan);
                self.signoff_rows = signoff_rows(plan, &self.summary.signoff_states, self.today);
            } else {
                // only what changed since some signatures: those sign-offs
                let moved = since.signed.iter().zip(&self.since.signed).map(|(a, b)| a != b);
                for (i, (s, moved)) in plan.signoffs.iter().zip(moved).enumerate() {
                    if moved {
                        let state = signoff_state(s, fingerprint);
                        self.signoff_rows[i] = signoff_item(i, s, &state, self.today);
                        self.summary.signoff_states[i] = state;
                    }
                }
            }
            let so = self
                .signoff_head
                .iter()
                .chain(self.signoff_rows.iter().flatten())
                .cloned()
                .collect();
            let seg = self.layout();
            self.set_segment(seg.signoffs(plan.risks.len()), so);
        }
        self.since = since;
        self.rate_areas(plan);
    }

    /// The areas' ratings and the overall one, from the summary's parts.
    fn rate_areas(&mut self, plan: &Plan) {
        let s = &self.summary;
        let (areas, overall, overall_rule) = rate_areas(
            plan,
            &s.finance,
            &s.metric_ratings,
            &s.risk_ratings,
            &s.scheme_rags,
            &s.signoff_states,
            &s.objective_rollups,
            &s.milestone_counts,
        );
        self.summary.areas = areas;
        self.summary.overall = overall;
        self.summary.overall_rule = overall_rule;
    }

    /// Computes everything afresh (another plan was opened, the date
    /// changed).
    pub fn rebuild(&mut self, plan: &Plan, today: NaiveDate) {
        let (in_place, rebuilt, defer_bytes) = (self.in_place, self.rebuilt, self.defer_bytes);
        *self = LiveSummary::new(plan, today);
        self.defer_bytes = defer_bytes;
        self.in_place = in_place;
        self.rebuilt = rebuilt + 1;
    }

    /// The segment layout as the caches are now.
    fn layout(&self) -> Segments {
        Segments {
            schemes: self.schemes_enc.len(),
            metrics: self.metrics_enc.len(),
        }
    }

    fn shape_matches(&self, plan: &Plan) -> bool {
        let s = &self.summary;
        let [ns, nm, nr] = &self.numbered;
        plan.schemes.len() == s.scheme_rags.len()
            && plan.schemes.len() == s.milestone_counts.len()
            && plan.metrics.len() == s.metric_ratings.len()
            && plan.risks.len() == s.risk_ratings.len()
            && self.schemes_enc.len() == plan.schemes.len()
            && self.metrics_enc.len() == plan.metrics.len()
            && self.risks_enc.len() == plan.risks.len()
            && ns.len() == plan.schemes.len()
            && nm.len() == plan.metrics.len()
            && nr.len() == plan.risks.len()
            && self.segments.len() == plan.schemes.len() + plan.metrics.len() + plan.risks.len() + 6
            && self.finance.as_ref().is_none_or(|f| {
                f.schemes.len() == plan.schemes.len() && (f.qipp_stale || f.qipp.len() == plan.schemes.len())
            })
    }

    /// Where segment `j` starts among the checklist's items.
    fn segment_start(&self, j: usize) -> usize {
        self.segments[..j].iter().sum()
    }

    /// Replaces checklist segment `j` with `items`.
    fn set_segment(&mut self, j: usize, items: Vec<super::CheckItem>) {
        let start = self.segment_start(j);
        let old = self.segments[j];
        let all = &mut self.summary.checklist.items;
        if old == items.len() {
            for (slot, item) in all[start..start + old].iter_mut().zip(items) {
                *slot = item;
            }
        } else {
            self.segments[j] = items.len();
            all.splice(start..start + old, items);
        }
    }

    /// Does `op` to the checklist segments of the records of a kind, which
    /// start at segment `first`; false when they do not have the places.
    fn segments_op(&mut self, first: usize, count: usize, op: &ListOp) -> bool {
        // one segment in or out, or one moved: only its items move (the
        // others' stay where they are, in one block)
        match *op {
            ListOp::Insert(at) => {
                if at > count {
                    return false;
                }
                // a new record's segment starts empty; its items are
                // written with the record
                self.segments.insert(first + at, 0);
                return true;
            }
            ListOp::Remove(at) => {
                if at >= count {
                    return false;
                }
                let start = self.segment_start(first + at);
                let len = self.segments.remove(first + at);
                self.summary.checklist.items.drain(start..start + len);
                return true;
            }
            ListOp::Move(from, to) => {
                if from >= count || to >= count {
                    return false;
                }
                let (lo, hi) = (first + from.min(to), first + from.max(to));
                let start = self.segment_start(lo);
                let end = start + self.segments[lo..=hi].iter().sum::<usize>();
                let moved = self.segments[first + from];
                let block = &mut self.summary.checklist.items[start..end];
                if from < to {
                    block.rotate_left(moved);
                    self.segments[lo..=hi].rotate_left(1);
                } else {
                    block.rotate_right(moved);
                    self.segments[lo..=hi].rotate_right(1);
                }
                return true;
            }
            ListOp::Permute(_) => {}
        }
        let block_start = self.segment_start(first);
        let lens = &self.segments[first..first + count];
        let block_len: usize = lens.iter().sum();
        // the block's items, segment by segment
        let mut parts: Vec<Vec<super::CheckItem>> = Vec::with_capacity(count);
        let all = &mut self.summary.checklist.items;
        let mut taken = all.drain(block_start..block_start + block_len);
        for &len in lens {
            parts.push(taken.by_ref().take(len).collect());
        }
        drop(taken);
        let done = op.run(&mut parts, Vec::new);
        let new_lens: Vec<usize> = parts.iter().map(Vec::len).collect();
        all.splice(block_start..block_start, parts.into_iter().flatten());
        if done {
            self.segments.splice(first..first + count, new_lens);
        }
        done
    }

    /// Does `op` to every list kept per record of `kind`; false when that
    /// cannot be done (the caches do not have the places named).
    fn list_op(&mut self, kind: RecordKind, op: &ListOp, tol: crate::model::Decimal) -> bool {
        let seg = self.layout();
        let s = &mut self.summary;
        let ok = match kind {
            RecordKind::Schemes => {
                if let Some(f) = &mut self.finance {
                    // the QIPP checks name schemes by place: summed again
                    f.qipp_stale = true;
                }
                let finance_ok = match (&mut self.finance, op) {
                    (None, _) => true,
                    (Some(f), ListOp::Remove(at)) if *at < f.schemes.len() => {
                        let old = f.schemes.remove(*at);
                        f.apply(&old, false);
                        true
                    }
                    (Some(f), _) => op.run(&mut f.schemes, SchemeMoney::default),
                };
                finance_ok
                    && op.run(std::sync::Arc::make_mut(&mut self.schemes_enc), Vec::new)
                    && op.run(&mut s.scheme_rags, Default::default)
                    && op.run(&mut s.milestone_counts, Default::default)
                    && op.run(&mut self.numbered[0], || usize::MAX)
                    && self.segments_op(seg.record(kind, 0), seg.schemes, op)
            }
            RecordKind::Metrics => {
                op.run(std::sync::Arc::make_mut(&mut self.metrics_enc), Vec::new)
                    && op.run(&mut s.metric_ratings, || rate_metric(&Metric::default(), tol))
                    && op.run(&mut self.numbered[1], || usize::MAX)
                    && self.segments_op(seg.record(kind, 0), seg.metrics, op)
            }
            RecordKind::Risks => {
                let risks = self.risks_enc.len();
                op.run(std::sync::Arc::make_mut(&mut self.risks_enc), Vec::new)
                    && op.run(&mut s.risk_ratings, || rate_risk(&Risk::default()))
                    && op.run(&mut self.numbered[2], || usize::MAX)
                    && self.segments_op(seg.record(kind, 0), risks, op)
            }
            // recomputed whole on every update (sign-offs) or when one of
            // them changes (objectives, sections)
            RecordKind::SignOffs | RecordKind::Objectives | RecordKind::Sections => true,
        };
        // segments are inserted and removed with their records: the
        // layout of the others follows from the caches' lengths
        ok
    }

    /// False when the change cannot be made in place.
    fn try_update(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change], defer: bool) -> bool {
        // the last update's hashes first: this one goes on from them
        let carried = match self.pending.take() {
            Some(p) => {
                self.take_hashes(p.jobs);
                p.after
            }
            None => After::default(),
        };
        // other years change every scheme's checks and the running sums
        if today != self.today || plan.header.years != self.years {
            return false;
        }
        let tol = plan.settings.amber_tolerance_pct;
        // which lists changed (schemes, metrics, risks), which records
        // must be looked at again
        let mut touched = [false; 3];
        let mut dirty: [Vec<RecordId>; 3] = Default::default();
        let mut header = false;
        let mut history = false;
        let mut signoffs = false;
        let mut finance_tables = false;
        // objectives or sections changed; records added, removed or
        // reordered (links may point elsewhere now)
        let mut operating = false;
        let mut structural = false;
        // the objectives edited in place (their roll-ups are worked out again)
        let mut objectives_edited: Vec<RecordId> = Vec::new();
        // the risks were added, removed or moved, or what an edited risk
        // gives the link counts changed
        let mut risk_links = false;
        // a scheme edited in place carries the last id there is
        let mut ids_at_limit = false;
        let slot = |kind: RecordKind| match kind {
            RecordKind::Schemes => Some(0),
            RecordKind::Metrics => Some(1),
            RecordKind::Risks => Some(2),
            RecordKind::SignOffs | RecordKind::Objectives | RecordKind::Sections => None,
        };
        for change in changes {
            if let Some(kind) = change_kind(change) {
                operating |= RecordKind::OPERATING.contains(&kind);
                signoffs |= kind == RecordKind::SignOffs;
                let list_op = !matches!(change, Change::Record { .. });
                structural |= list_op;
                risk_links |= list_op && kind == RecordKind::Risks;
            }
            let (kind, op) = match change {
                Change::Header => {
                    header = true;
                    continue;
                }
                Change::History => {
                    history = true;
                    continue;
                }
                Change::FinanceTables => {
                    finance_tables = true;
                    continue;
                }
                Change::Settings | Change::Plan => return false,
                Change::Record { kind, id, .. } => {
                    if let Some(k) = slot(*kind) {
                        touched[k] = true;
                        dirty[k].push(*id);
                    } else if *kind == RecordKind::Objectives {
                        objectives_edited.push(*id);
                    }
                    continue;
                }
                Change::Inserted { kind, id, at } => {
                    if let Some(k) = slot(*kind) {
                        dirty[k].push(*id);
                    }
                    (*kind, ListOp::Insert(*at))
                }
                Change::Removed { kind, at, .. } => (*kind, ListOp::Remove(*at)),
                Change::Moved { kind, from, to, .. } => (*kind, ListOp::Move(*from, *to)),
                Change::Reordered { kind, from } => (*kind, ListOp::Permute(from)),
            };
            if let Some(k) = slot(kind) {
                touched[k] = true;
            }
            if !self.list_op(kind, &op, tol) {
                return false;
            }
        }
        if !self.shape_matches(plan) {
            return false;
        }
        let seg = Segments {
            schemes: plan.schemes.len(),
            metrics: plan.metrics.len(),
        };
        // the records changed or added, as they are now
        for (k, ids) in dirty.iter_mut().enumerate() {
            ids.sort_unstable();
            ids.dedup();
            let all: Vec<RecordId> = match k {
                0 => plan.schemes.iter().map(|r| r.id).collect(),
                1 => plan.metrics.iter().map(|r| r.id).collect(),
                _ => plan.risks.iter().map(|r| r.id).collect(),
            };
            for i in positions(ids, &all) {
                match k {
                    0 => {
                        let s = &plan.schemes[i];
                        // its milestones can come and go in place
                        ids_at_limit |= std::iter::once(s.id)
                            .chain(s.milestones.iter().map(|m| m.id))
                            .any(|id| id.0 >= crate::model::limits::MAX_ID);
                        if let Some(f) = &mut self.finance
                            && !f.replace(i, s, &plan.header.years)
                        {
                            // money for a year outside the plan's: no running sums
                            self.finance = None;
                        }
                        std::sync::Arc::make_mut(&mut self.schemes_enc)[i] = canonical_bytes(s);
                        self.summary.scheme_rags[i] = scheme_rag(plan, s);
                        self.summary.milestone_counts[i] = milestone_counts(s, today);
                        self.set_segment(seg.record(RecordKind::Schemes, i), scheme_segment(plan, i, s, today));
                    }
                    1 => {
                        let m = &plan.metrics[i];
                        std::sync::Arc::make_mut(&mut self.metrics_enc)[i] = canonical_bytes(m);
                        self.summary.metric_ratings[i] = rate_metric(m, tol);
                        self.set_segment(seg.record(RecordKind::Metrics, i), metric_items(i, m));
                    }
                    _ => {
                        let r = &plan.risks[i];
                        std::sync::Arc::make_mut(&mut self.risks_enc)[i] = canonical_bytes(r);
                        self.summary.risk_ratings[i] = rate_risk(r);
                        self.set_segment(seg.record(RecordKind::Risks, i), risk_items(i, r, today));
                        let key = risks::RiskLinkKey::of(r);
                        match self.risk_link_keys.get_mut(i) {
                            Some(k) if *k == key => {}
                            Some(k) => {
                                *k = key;
                                risk_links = true;
                            }
                            None => risk_links = true,
                        }
                    }
                }
                self.numbered[k][i] = i;
            }
        }
        // the records that moved along: their items name their new place
        for (k, kind) in [RecordKind::Schemes, RecordKind::Metrics, RecordKind::Risks]
            .into_iter()
            .enumerate()
        {
            if !touched[k] {
                continue;
            }
            // where record i's segment starts, kept as i goes up (summing
            // the segments before each would take time squared)
            let mut start = self.segment_start(seg.record(kind, 0));
            for i in 0..self.numbered[k].len() {
                let j = seg.record(kind, i);
                let len = self.segments[j];
                let here = start;
                start += len;
                let was = self.numbered[k][i];
                if was == i {
                    continue;
                }
                let items = &mut self.summary.checklist.items[here..here + len];
                match k {
                    0 => renumber_scheme_items(items, was, i),
                    1 => renumber_metric_items(items, was, i),
                    _ => renumber_risk_items(items, &plan.risks[i], was, i),
                }
                self.numbered[k][i] = i;
            }
        }
        let [schemes, metrics, risks] = touched;
        // the finance tables are fingerprinted with the header
        let header = header || finance_tables;
        if header {
            self.header_hash = header_hash(plan);
        }
        if schemes || header {
            self.summary.finance = FinanceState::totals_or_afresh(&mut self.finance, plan);
            let fin = finance_items(plan, &self.summary.finance);
            self.set_segment(Segments::FINANCE, fin);
        }
        if operating {
            self.operating_hash = operating_hash(plan);
        }
        if operating || structural {
            self.set_segment(seg.operating(plan.risks.len()), operating_items(plan));
        }
        if structural || self.summary.objective_rollups.len() != plan.objectives.len() {
            let s = &self.summary;
            self.summary.objective_rollups = objective_rollups(plan, &s.metric_ratings, &s.risk_ratings);
        } else if !objectives_edited.is_empty() || metrics || risks {
            let which = rollups_to_redo(plan, &self.summary.objective_rollups, &objectives_edited, &dirty);
            let s = &mut self.summary;
            update_objective_rollups(
                plan,
                &mut s.objective_rollups,
                &which,
                &s.metric_ratings,
                &s.risk_ratings,
            );
        }
        // the heads ("At least one scheme") follow the lists' lengths
        if schemes {
            self.set_segment(2, super::checklist::schemes_head(plan));
        }
        if metrics {
            self.set_segment(3 + plan.schemes.len(), super::checklist::metrics_head(plan));
        }
        // counted by the ids the risks name: only the risks change them
        if risk_links {
            if self.risk_link_keys.len() != plan.risks.len() || structural {
                self.risk_link_keys = plan.risks.iter().map(risks::RiskLinkKey::of).collect();
            }
            let capacity = plan.schemes.len() + plan.metrics.len();
            self.summary.risk_links = risks::risk_link_counts_of(&self.risk_link_keys, capacity);
        }
        let after = After {
            fingerprint: header || operating || schemes || metrics || risks,
            header,
            history,
            signoffs,
            structural,
            ids: ids_at_limit || self.ids_out,
        }
        .or(carried);
        self.hash_lists(touched, defer);
        match &mut self.pending {
            // the areas now with the sign-offs' states of before; again
            // once the hashes are in
            Some(p) => {
                p.after = after;
                self.rate_areas(plan);
            }
            None => self.after_fingerprint(plan, after),
        }
        true
    }
}

/// Each sign-off's checklist item (if any) in its state.
fn signoff_rows(plan: &Plan, states: &[SignOffState], today: NaiveDate) -> Vec<Option<CheckItem>> {
    plan.signoffs
        .iter()
        .zip(states)
        .enumerate()
        .map(|(i, (s, state))| signoff_item(i, s, state, today))
        .collect()
}

/// The objectives (positions) whose roll-ups an in-place edit may have
/// changed: those `edited`, and those linked, before the edit or after it,
/// to a metric or risk edited (`dirty`: schemes', metrics', risks' ids; a
/// scheme's edit changes no roll-up, which lists only its id).
fn rollups_to_redo(
    plan: &Plan,
    rollups: &[super::objectives::ObjectiveRollup],
    edited: &[RecordId],
    dirty: &[Vec<RecordId>; 3],
) -> Vec<usize> {
    let [_, metrics, risks] = dirty;
    // the objectives an edited risk names now
    let named: Vec<RecordId> = plan
        .risks
        .iter()
        .filter(|r| risks.contains(&r.id))
        .flat_map(|r| r.objective_ids.iter().copied())
        .collect();
    plan.objectives
        .iter()
        .zip(rollups)
        .enumerate()
        .filter(|(_, (o, r))| {
            let any = |ids: &[RecordId], of: &[RecordId]| ids.iter().any(|id| of.contains(id));
            edited.contains(&o.id)
                || named.contains(&o.id)
                || any(metrics, &r.metrics)
                || any(metrics, &o.metric_ids)
                || any(risks, &r.risks)
                || any(risks, &o.risk_ids)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The kind of record a change is about (`None` for the header, the
/// settings, the history, the whole plan).
fn change_kind(change: &Change) -> Option<RecordKind> {
    match change {
        Change::Record { kind, .. }
        | Change::Inserted { kind, .. }
        | Change::Removed { kind, .. }
        | Change::Moved { kind, .. }
        | Change::Reordered { kind, .. } => Some(*kind),
        Change::Header | Change::Settings | Change::History | Change::FinanceTables | Change::Plan => None,
    }
}

/// Where each of `ids` is in `all` (those that are there).
fn positions(ids: &[RecordId], all: &[RecordId]) -> Vec<usize> {
    if ids.len() <= 8 {
        ids.iter().filter_map(|id| all.iter().position(|x| x == id)).collect()
    } else {
        let index: HashMap<RecordId, usize> = all.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        ids.iter().filter_map(|id| index.get(id).copied()).collect()
    }
}

/// Each record's canonical encoding, each in a vector of its own size.
fn encode_each<T: serde::Serialize>(records: &[T], buf: &mut Vec<u8>) -> Vec<Vec<u8>> {
    records
        .iter()
        .map(|r| {
            canonical_bytes_into(r, buf);
            buf.as_slice().to_vec()
        })
        .collect()
}

/// The parts of two summaries that differ (for the debug check's message).
#[cfg(debug_assertions)]
fn differences(a: &PlanSummary, b: &PlanSummary) -> Vec<String> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(format!("{}: {:?} against {:?}", stringify!($f), a.$f, b.$f).chars().take(2000).collect());
            }
        )*};
    }
    cmp!(
        finance,
        metric_ratings,
        risk_ratings,
        scheme_rags,
        signoff_states,
        fingerprint,
        areas,
        overall,
        overall_rule,
        risk_links
    );
    if a.checklist != b.checklist {
        let first = a
            .checklist
            .items
            .iter()
            .zip(&b.checklist.items)
            .position(|(x, y)| x != y);
        out.push(format!(
            "checklist: {} items against {}, first difference at {first:?}: {:?} against {:?}",
            a.checklist.items.len(),
            b.checklist.items.len(),
            first.map(|i| &a.checklist.items[i]),
            first.map(|i| &b.checklist.items[i])
        ));
    }
    out
}

impl std::ops::Deref for LiveSummary {
    type Target = PlanSummary;
    fn deref(&self) -> &PlanSummary {
        &self.summary
    }
}

// ---------------------------------------------------------------- finance

/// One scheme's money in one year of the plan.
#[derive(Clone, Debug)]
struct YearMoney {
    /// Position in the plan's years.
    yi: usize,
    parts: Parts,
    /// Some amount given (only such years count in the breakdowns).
    nonempty: bool,
    has_spend: bool,
    split: bool,
    unparsed: usize,
}

/// What one scheme adds to the totals.
#[derive(Clone, Debug, Default)]
struct SchemeMoney {
    /// The group it falls in, per [`Dimension`].
    keys: [String; 5],
    years: Vec<YearMoney>,
}

/// One group's money in one year, and how many scheme-years make it.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    count: usize,
    parts: Parts,
}

/// The finance totals as running sums.
struct FinanceState {
    header_years: Vec<String>,
    year_parts: Vec<Parts>,
    /// Scheme-year entries per year (empty ones too).
    entered: Vec<usize>,
    groups: [HashMap<String, Vec<Slot>>; 5],
    unsplit: usize,
    split: usize,
    unparsed: usize,
    schemes: Vec<SchemeMoney>,
    /// The schemes' QIPP, summed with each scheme's share.
    qipp: QippSums,
    /// True when schemes were added, removed or moved since `qipp` was
    /// made (it is made again before the totals are read).
    qipp_stale: bool,
}

fn group_key(name: &str) -> &str {
    if name.trim().is_empty() { NOT_SET } else { name.trim() }
}

/// Takes `b` back out of a sum it was added to: bound by bound (not
/// `Span::minus`, which is the difference of two ranges).
fn sub_parts(a: &mut Parts, b: &Parts) {
    fn take(a: &mut Span, b: Span) {
        a.min_pence -= b.min_pence;
        a.max_pence -= b.max_pence;
    }
    take(&mut a.unsplit, b.unsplit);
    take(&mut a.recurrent, b.recurrent);
    take(&mut a.non_recurrent, b.non_recurrent);
    take(&mut a.benefit_recurrent, b.benefit_recurrent);
    take(&mut a.benefit_non_recurrent, b.benefit_non_recurrent);
}

impl FinanceState {
    /// The totals from the running sums when there are some, else
    /// computed from the plan.
    fn totals_or_afresh(state: &mut Option<FinanceState>, plan: &Plan) -> FinanceTotals {
        match state {
            Some(f) => {
                if f.qipp_stale {
                    f.qipp = QippSums::new(plan, true);
                    f.qipp_stale = false;
                }
                f.totals(plan)
            }
            None => finance_totals(plan),
        }
    }

    /// `None` when the plan lists a year twice or a scheme has an entry
    /// for a year outside the plan's.
    fn build(plan: &Plan) -> Option<FinanceState> {
        let years = &plan.header.years;
        if years.iter().enumerate().any(|(i, y)| years[..i].contains(y)) {
            return None;
        }
        let n = years.len();
        let mut f = FinanceState {
            header_years: years.clone(),
            year_parts: vec![Parts::default(); n],
            entered: vec![0; n],
            groups: Default::default(),
            unsplit: 0,
            split: 0,
            unparsed: 0,
            schemes: Vec::with_capacity(plan.schemes.len()),
            qipp: QippSums::new(plan, true),
            qipp_stale: false,
        };
        for s in &plan.schemes {
            let m = money_of(s, years)?;
            f.apply(&m, true);
            f.schemes.push(m);
        }
        Some(f)
    }

    /// Takes scheme `i` out of the sums and puts it back as `s` is now.
    /// False when `s` has an entry for a year outside the plan's.
    fn replace(&mut self, i: usize, s: &Scheme, years: &[String]) -> bool {
        if years != self.header_years.as_slice() || i >= self.schemes.len() {
            return false;
        }
        let Some(new) = money_of(s, years) else {
            return false;
        };
        let old = std::mem::take(&mut self.schemes[i]);
        self.apply(&old, false);
        self.apply(&new, true);
        self.schemes[i] = new;
        // QIPP: the scheme's share replaced, or everything summed again
        // when its years, programme or points of delivery changed
        self.qipp_stale = self.qipp_stale || !self.qipp.replace(i, s);
        true
    }

    fn apply(&mut self, m: &SchemeMoney, add: bool) {
        let n = self.header_years.len();
        for y in &m.years {
            if add {
                self.year_parts[y.yi].add(&y.parts);
                self.entered[y.yi] += 1;
                self.unsplit += usize::from(y.has_spend);
                self.split += usize::from(y.split);
                self.unparsed += y.unparsed;
            } else {
                sub_parts(&mut self.year_parts[y.yi], &y.parts);
                self.entered[y.yi] -= 1;
                self.unsplit -= usize::from(y.has_spend);
                self.split -= usize::from(y.split);
                self.unparsed -= y.unparsed;
            }
            if !y.nonempty {
                continue;
            }
            for (d, key) in m.keys.iter().enumerate() {
                let slots = self.groups[d]
                    .entry(key.clone())
                    .or_insert_with(|| vec![Slot::default(); n]);
                let slot = &mut slots[y.yi];
                if add {
                    slot.count += 1;
                    slot.parts.add(&y.parts);
                } else {
                    slot.count -= 1;
                    sub_parts(&mut slot.parts, &y.parts);
                }
            }
        }
    }

    /// The totals, exactly as [`finance_totals`] gives them.
    fn totals(&self, plan: &Plan) -> FinanceTotals {
        let mut t = FinanceTotals {
            years: self.header_years.clone(),
            ..Default::default()
        };
        for (i, year) in self.header_years.iter().enumerate() {
            let p = self.year_parts[i];
            t.parts_by_year.insert(year.clone(), p);
            t.spend_by_year.insert(year.clone(), p.spend());
            if self.entered[i] > 0 {
                t.unsplit_by_year.insert(year.clone(), p.unsplit);
                t.recurrent_by_year.insert(year.clone(), p.recurrent);
                t.non_recurrent_by_year.insert(year.clone(), p.non_recurrent);
                t.benefit_by_year.insert(year.clone(), p.benefit());
                t.benefit_recurrent_by_year.insert(year.clone(), p.benefit_recurrent);
                t.benefit_non_recurrent_by_year
                    .insert(year.clone(), p.benefit_non_recurrent);
            }
        }
        for dim in Dimension::ALL {
            let mut detailed: BTreeMap<String, BTreeMap<String, Parts>> = BTreeMap::new();
            for (name, slots) in &self.groups[dim.index()] {
                let m: BTreeMap<String, Parts> = slots
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.count > 0)
                    .map(|(yi, s)| (self.header_years[yi].clone(), s.parts))
                    .collect();
                if !m.is_empty() {
                    detailed.insert(name.clone(), m);
                }
            }
            t.set_breakdown(dim, detailed);
        }
        t.reconciliation = reconcile_years(plan, &t);
        t.operating = super::operating::operating_finance_with(plan, &t, &self.qipp);
        t.has_unsplit = self.unsplit > 0;
        t.has_split = self.split > 0;
        t.unparsed_count = self.unparsed;
        t
    }
}

/// What a scheme adds; `None` when it has an entry for a year outside
/// `years`.
fn money_of(s: &Scheme, years: &[String]) -> Option<SchemeMoney> {
    let mut out = SchemeMoney {
        keys: Dimension::ALL.map(|d| group_key(d.of(s)).to_string()),
        years: Vec::with_capacity(s.years.len()),
    };
    for y in &s.years {
        let yi = years.iter().position(|x| *x == y.year)?;
        out.years.push(YearMoney {
            yi,
            parts: Parts::of_year(y),
            nonempty: !y.is_empty(),
            has_spend: y.spend.is_some(),
            split: y.is_split(),
            unparsed: y.unparsed.len(),
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};
    use crate::model::{Amount, AmountField, DateField, Decimal, Figure, Pence, PlanEdit, RiskScore, SignOffStatus};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn plan() -> Plan {
        generate(&GenerateOptions {
            schemes: 30,
            metrics: 10,
            risks: 12,
            signoffs: 6,
            years: 3,
            seed: 11,
        })
    }

    /// Applies `edit` to the plan, updates the live summary with what it
    /// says it changed, and checks it against a summary computed afresh.
    fn check(live: &mut LiveSummary, plan: &mut Plan, edit: PlanEdit) {
        let changes = crate::model::edit::apply(plan, edit).unwrap().changes;
        live.update(plan, today(), &changes);
        assert_eq!(
            *live.summary(),
            crate::calc::summarize(plan, today()),
            "after {changes:?}"
        );
    }

    /// Record `i` of a list with `f` made to it, as an edit.
    fn put<R: Clone + Into<crate::model::AnyRecord>>(all: &[R], i: usize, f: impl FnOnce(&mut R)) -> PlanEdit {
        let mut r = all[i].clone();
        f(&mut r);
        PlanEdit::put(r)
    }

    fn header(p: &Plan, f: impl FnOnce(&mut crate::model::PlanHeader)) -> PlanEdit {
        let mut h = p.header.clone();
        f(&mut h);
        PlanEdit::SetHeader(Box::new(h))
    }

    #[test]
    fn the_same_as_computed_afresh() {
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        assert_eq!(*live.summary(), crate::calc::summarize(&p, today()));
        let y0 = p.header.years[0].clone();
        let rebuilt = live.rebuilt;
        // money typed into a scheme, then its area changed to a new group
        let e = put(&p.schemes, 3, |s| {
            *s.year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(12_345_600)))
        });
        check(&mut live, &mut p, e);
        // a range, then an exact amount again: the range comes out bound by bound
        let e = put(&p.schemes, 3, |s| {
            *s.year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Range(Pence(100_000), Pence(200_000)))
        });
        check(&mut live, &mut p, e);
        let e = put(&p.schemes, 3, |s| {
            *s.year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(720_800)))
        });
        check(&mut live, &mut p, e);
        let e = put(&p.schemes, 3, |s| s.area_of_spend = "A brand new area".into());
        check(&mut live, &mut p, e);
        // every amount of a scheme gone: its groups lose it
        let e = put(&p.schemes, 3, |s| {
            for y in &mut s.years {
                for f in AmountField::ALL {
                    *y.get_mut(f) = None;
                }
            }
        });
        check(&mut live, &mut p, e);
        // unread text, and a name gone (checklist items come and go)
        let e = put(&p.schemes, 3, |s| {
            s.years[0].set_unparsed(AmountField::Spend, Some("1,2OO".into()));
            s.name.clear();
        });
        check(&mut live, &mut p, e);
        // a metric's target, a risk's score and title, a sign-off signed
        let e = put(&p.metrics, 2, |m| m.periods[0].target = None);
        check(&mut live, &mut p, e);
        let e = put(&p.risks, 4, |r| {
            r.current = Some(RiskScore::new(5, 5));
            r.title.push_str(" (updated)");
        });
        check(&mut live, &mut p, e);
        let e = put(&p.signoffs, 1, |s| {
            s.status = SignOffStatus::Signed;
            s.date = Some(DateField::Date(today()));
        });
        check(&mut live, &mut p, e);
        // the header: a budget and the title
        let e = header(&p, |h| {
            h.budgets[0].minimum_required = Some(Amount::Exact(Pence(1)));
            h.title = "TBC".into();
        });
        check(&mut live, &mut p, e);
        assert_eq!(live.rebuilt, rebuilt, "every change above was made in place");
        // the content the sign-offs signed changed: they say so
        assert!(
            live.summary()
                .signoff_states
                .iter()
                .any(|s| matches!(s, crate::calc::SignOffState::ChangedSince { .. }))
        );
    }

    /// A signature and the plan's status were given on the content as it
    /// is: an edit of a metric (no sign-off, no header) makes both say the
    /// plan changed since, and putting the metric back makes them say it
    /// no longer has, in place.
    #[test]
    fn signatures_and_status_follow_an_edit_and_its_undo() {
        use crate::calc::SignOffState;
        use crate::model::{PlanStatus, StatusChange};
        let mut p = plan();
        let fp = crate::calc::summarize(&p, today()).fingerprint;
        for so in &mut p.signoffs {
            so.status = SignOffStatus::Signed;
            so.date = Some(DateField::Date(today()));
            so.signed_content = Some(fp.clone());
        }
        p.header.status = PlanStatus::Approved;
        p.history.push(StatusChange {
            at: None,
            from: PlanStatus::Draft,
            to: PlanStatus::Approved,
            who: "Board".into(),
            note: String::new(),
            content: Some(fp),
        });
        let mut live = LiveSummary::new(&p, today());
        let rebuilt = live.rebuilt;
        let changed = |live: &LiveSummary| {
            let states = &live.summary().signoff_states;
            let n = states
                .iter()
                .filter(|s| matches!(s, SignOffState::ChangedSince { .. }))
                .count();
            let status = live
                .summary()
                .checklist
                .items
                .iter()
                .any(|i| i.text.contains("but changed since"));
            (n, status)
        };
        let signed = live
            .summary()
            .signoff_states
            .iter()
            .filter(|s| matches!(s, SignOffState::Signed))
            .count();
        assert_eq!(changed(&live), (0, false));
        let was = p.metrics[2].clone();
        let e = put(&p.metrics, 2, |m| m.name.push_str(" (renamed)"));
        check(&mut live, &mut p, e);
        assert_eq!(changed(&live), (signed, true));
        check(&mut live, &mut p, PlanEdit::put(was));
        assert_eq!(changed(&live), (0, false));
        assert_eq!(live.rebuilt, rebuilt, "in place");
    }

    /// A deferring update hashes the lists on another thread: until it is
    /// settled the fingerprint and the sign-offs' states are those of
    /// before while the money and ratings are up to date; settled, or
    /// taken into the next update, it is the summary computed afresh,
    /// signatures and all (a metric renamed, then renamed back).
    #[test]
    fn a_deferred_update_settles_to_the_summary_computed_afresh() {
        use crate::calc::SignOffState;
        let mut p = plan();
        let fp = crate::calc::summarize(&p, today()).fingerprint;
        p.signoffs[0].status = SignOffStatus::Signed;
        p.signoffs[0].date = Some(DateField::Date(today()));
        p.signoffs[0].signed_content = Some(fp.clone());
        let mut live = LiveSummary::new(&p, today());
        live.defer_from(0);
        let apply = |p: &mut Plan, e| crate::model::edit::apply(p, e).unwrap().changes;
        let y0 = p.header.years[0].clone();
        let was_scheme = p.schemes[2].clone();
        let e = put(&p.schemes, 2, |s| {
            *s.year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(98_765_400)))
        });
        let changes = apply(&mut p, e);
        live.update_deferring(&p, today(), &changes);
        assert!(!live.is_settled());
        let fresh = crate::calc::summarize(&p, today());
        assert_eq!(live.summary().fingerprint, fp, "the fingerprint waits");
        assert_eq!(live.summary().signoff_states[0], SignOffState::Signed);
        assert_eq!(live.summary().finance, fresh.finance, "the money does not");
        assert_eq!(live.summary().scheme_rags, fresh.scheme_rags);
        assert!(live.settle(&p));
        assert!(live.is_settled() && !live.settle(&p));
        assert_eq!(*live.summary(), fresh);
        assert!(matches!(
            live.summary().signoff_states[0],
            SignOffState::ChangedSince { .. }
        ));
        // the scheme put back, then a metric renamed and renamed back, none
        // settled: each update takes the hashes of the one before in, and
        // the signature holds again
        let changes = apply(&mut p, PlanEdit::put(was_scheme));
        live.update_deferring(&p, today(), &changes);
        let was = p.metrics[1].clone();
        let e = put(&p.metrics, 1, |m| m.name.push_str(" (renamed)"));
        let changes = apply(&mut p, e);
        live.update_deferring(&p, today(), &changes);
        let changes = apply(&mut p, PlanEdit::put(was));
        live.update_deferring(&p, today(), &changes);
        assert!(live.settle(&p));
        assert_eq!(*live.summary(), crate::calc::summarize(&p, today()));
        assert_eq!(live.summary().fingerprint, fp);
        assert_eq!(live.summary().signoff_states[0], SignOffState::Signed);
        // a plain update takes a pending one's hashes in too
        let e = put(&p.risks, 3, |r| r.title.push_str(" (now)"));
        let changes = apply(&mut p, e);
        live.update_deferring(&p, today(), &changes);
        let e = put(&p.signoffs, 2, |s| s.comment = "Seen".into());
        let changes = apply(&mut p, e);
        live.update(&p, today(), &changes);
        assert!(live.is_settled());
        assert_eq!(*live.summary(), crate::calc::summarize(&p, today()));
    }

    /// A milestone given the last id there is, in place, says the ids
    /// have run out; taken away again, it no longer does; a scheme edit
    /// far from the limit leaves the header's items as they were.
    #[test]
    fn the_last_id_in_a_scheme_edited_in_place_runs_the_ids_out() {
        use crate::model::limits::MAX_ID;
        use crate::model::objectives::Milestone;
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        let out = |live: &LiveSummary| {
            let said = crate::model::IdsExhausted.to_string();
            live.summary().checklist.items.iter().any(|i| i.text == said)
        };
        assert!(!out(&live));
        let e = put(&p.schemes, 4, |s| {
            s.milestones.push(Milestone {
                id: RecordId(MAX_ID),
                description: "The last".into(),
                ..Default::default()
            })
        });
        check(&mut live, &mut p, e);
        assert!(out(&live), "the ids have run out");
        let e = put(&p.schemes, 4, |s| s.milestones.retain(|m| m.id != RecordId(MAX_ID)));
        check(&mut live, &mut p, e);
        assert!(!out(&live), "no longer");
        let e = put(&p.schemes, 7, |s| s.name.push_str(" (renamed)"));
        check(&mut live, &mut p, e);
        assert!(!out(&live));
    }

    /// Records added, removed, moved and reordered are followed in place:
    /// the totals, the encodings, the ratings, and the checklist items of
    /// the records that moved along, renumbered.
    #[test]
    fn rows_added_removed_and_moved_are_followed_in_place() {
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        let rebuilt = live.rebuilt;
        let ids = |p: &Plan, kind| kind_ids(p, kind);
        for kind in RecordKind::ALL {
            // a copy of the third record after the first, then deleted
            // again with the second
            let copy = match kind {
                RecordKind::Schemes => p.schemes[2].clone().into(),
                RecordKind::Metrics => p.metrics[2].clone().into(),
                RecordKind::Risks => p.risks[2].clone().into(),
                RecordKind::SignOffs => p.signoffs[2].clone().into(),
                RecordKind::Objectives | RecordKind::Sections => continue,
            };
            check(
                &mut live,
                &mut p,
                PlanEdit::Insert {
                    at: Some(1),
                    record: copy,
                },
            );
            let [_, second, third, ..] = ids(&p, kind)[..] else {
                panic!()
            };
            let delete = PlanEdit::Delete {
                kind,
                ids: vec![second, third],
            };
            check(&mut live, &mut p, delete);
            // the last moved to the top, the first to the end
            let all = ids(&p, kind);
            let (first, last) = (all[0], all[all.len() - 1]);
            check(&mut live, &mut p, PlanEdit::Move { kind, id: last, to: 0 });
            check(
                &mut live,
                &mut p,
                PlanEdit::Move {
                    kind,
                    id: first,
                    to: all.len() - 1,
                },
            );
            // reversed
            let mut order = ids(&p, kind);
            order.reverse();
            check(&mut live, &mut p, PlanEdit::Reorder { kind, order });
        }
        // a scheme that risks and metrics point at, deleted: the links go too
        let linked = p.risks.iter().flat_map(|r| &r.scheme_ids).next().copied().unwrap();
        check(
            &mut live,
            &mut p,
            PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![linked],
            },
        );
        // several at once, in one edit
        let batch = PlanEdit::Batch(vec![
            PlanEdit::append(crate::model::Scheme::default()),
            PlanEdit::Insert {
                at: Some(0),
                record: p.schemes[5].clone().into(),
            },
            put(&p.schemes, 5, |s| s.name = "Changed".into()),
            PlanEdit::Move {
                kind: RecordKind::Schemes,
                id: p.schemes[7].id,
                to: 2,
            },
            PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![p.schemes[9].id],
            },
        ]);
        check(&mut live, &mut p, batch);
        assert_eq!(live.rebuilt, rebuilt, "every change above was made in place");
    }

    fn kind_ids(p: &Plan, kind: RecordKind) -> Vec<RecordId> {
        kind.ids(p)
    }

    #[test]
    fn rebuilds_what_it_cannot_update() {
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        // money for a year outside the plan's: the totals are computed
        // afresh from then on, and still right
        let e = put(&p.schemes, 0, |s| {
            *s.year_mut("2031/32").get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(500)))
        });
        check(&mut live, &mut p, e);
        let e = put(&p.schemes, 0, |s| s.years.retain(|y| y.year != "2031/32"));
        check(&mut live, &mut p, e);
        // the plan's years changed
        let before = live.rebuilt;
        let e = header(&p, |h| h.years.push("2027/28".into()));
        check(&mut live, &mut p, e);
        assert_eq!(live.rebuilt, before + 1);
        // the settings, the whole plan
        let mut settings = p.settings.clone();
        settings.amber_tolerance_pct = Decimal::from(3);
        check(&mut live, &mut p, PlanEdit::SetSettings(Box::new(settings)));
        assert_eq!(live.rebuilt, before + 2);
        let mut other = p.clone();
        other.schemes.truncate(4);
        check(&mut live, &mut p, PlanEdit::ReplacePlan(Box::new(other)));
        assert_eq!(live.rebuilt, before + 3);
        // a change naming a place the summary does not have, another day
        let removed = Change::Removed {
            kind: RecordKind::Risks,
            id: RecordId(999_999),
            at: 10_000,
        };
        live.update(&p, today(), &[removed]);
        assert_eq!(live.rebuilt, before + 4);
        let tomorrow = today().succ_opt().unwrap();
        live.update(&p, tomorrow, &[]);
        assert_eq!(*live.summary(), crate::calc::summarize(&p, tomorrow));
    }

    use proptest::prelude::*;

    /// One edit to one record (or the header), picked by numbers.
    fn random_edit(p: &Plan, kind: u8, pick: usize, n: i64) -> PlanEdit {
        let texts = [
            "",
            "Acute",
            "TBC",
            "Social Care",
            "  Acute ",
            "<Name of Signatory>",
            "Integrated care",
        ];
        let text = texts[pick % texts.len()].to_string();
        let years = p.header.years.clone();
        let year = years[pick % years.len()].clone();
        match kind % 9 {
            0 | 1 => {
                let field = AmountField::ALL[pick % AmountField::ALL.len()];
                put(&p.schemes, pick % p.schemes.len(), |s| {
                    *s.year_mut(&year).get_mut(field) = match n % 4 {
                        0 => None,
                        1 => Some(Amount::Range(Pence(n), Pence(n + 7_000))),
                        _ => Some(Amount::Exact(Pence(n * 100))),
                    }
                })
            }
            2 => put(&p.schemes, pick % p.schemes.len(), |s| match n % 5 {
                0 => s.area_of_spend = text,
                1 => s.commissioner = text,
                2 => s.source_of_funding = text,
                3 => s.status = text,
                _ => s.name = text,
            }),
            3 => put(&p.schemes, pick % p.schemes.len(), |s| {
                s.years[0].set_unparsed(AmountField::Spend, (n % 2 == 0).then(|| "1,2OO".to_string()))
            }),
            4 => put(&p.metrics, pick % p.metrics.len(), |m| {
                let at = pick % m.periods.len().max(1);
                if let Some(period) = m.periods.get_mut(at) {
                    let v = Some(Figure::Value(Decimal::new(n % 2_000, 1)));
                    if n % 2 == 0 {
                        period.actual = v
                    } else {
                        period.target = v
                    }
                } else {
                    m.name = text;
                }
            }),
            5 => {
                // links and status change what the risk gives the link counts
                let scheme = p.schemes[pick % p.schemes.len()].id;
                let metric = p.metrics[pick % p.metrics.len()].id;
                put(&p.risks, pick % p.risks.len(), |r| match n % 6 {
                    0 => r.current = Some(RiskScore::new((n % 5 + 1) as u8, (pick % 5 + 1) as u8)),
                    1 => r.owner = text,
                    2 => r.residual = None,
                    3 => {
                        r.status = match r.status {
                            crate::model::RiskStatus::Open => crate::model::RiskStatus::Closed,
                            _ => crate::model::RiskStatus::Open,
                        }
                    }
                    4 => r.scheme_ids = vec![scheme, scheme],
                    _ => {
                        r.scheme_ids.clear();
                        r.metric_ids = vec![metric];
                    }
                })
            }
            6 => put(&p.signoffs, pick % p.signoffs.len(), |so| match n % 3 {
                0 => so.status = SignOffStatus::Signed,
                1 => so.name = text,
                _ => so.date = Some(DateField::Date(today())),
            }),
            7 => header(p, |h| {
                let b = pick % h.budgets.len().max(1);
                if let Some(b) = h.budgets.get_mut(b) {
                    b.declared_total = Some(Amount::Exact(Pence(n * 1_000)));
                }
            }),
            _ => header(p, |h| h.title = text),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Whatever single-record edits follow each other, the live
        /// summary is the summary computed afresh.
        #[test]
        fn any_run_of_edits_gives_the_summary_computed_afresh(
            seed in 0u64..1_000,
            edits in proptest::collection::vec((0u8..9, 0usize..1_000, 0i64..10_000_000), 1..25),
        ) {
            let mut p = generate(&GenerateOptions { schemes: 14, metrics: 5, risks: 6, signoffs: 3, years: 2, seed });
            let mut live = LiveSummary::new(&p, today());
            for (kind, pick, n) in edits {
                let edit = random_edit(&p, kind, pick, n);
                let changes = crate::model::edit::apply(&mut p, edit).unwrap().changes;
                live.update(&p, today(), &changes);
                prop_assert_eq!(live.summary(), &crate::calc::summarize(&p, today()), "after {:?}", changes);
            }
        }
    }

    /// One edit to the operating plan's QIPP (or to the schemes holding
    /// it), picked by numbers: a saving, an investment, a point of
    /// delivery's figures, its name, one added or taken away, the
    /// programme, phasing, a scheme added or deleted.
    fn random_qipp_edit(p: &Plan, kind: u8, pick: usize, n: i64) -> PlanEdit {
        use crate::model::{AnyRecord, PodChange, QippPhase, QippYear};
        let i = pick % p.schemes.len();
        let year = p.header.years[pick % p.header.years.len()].clone();
        let money = |n: i64| match n % 5 {
            0 => None,
            1 => Some(Amount::Range(Pence(n), Pence(n + 9_000))),
            2 => Some(Amount::Exact(Pence(-n))),
            _ => Some(Amount::Exact(Pence(n * 100))),
        };
        let qipp = |s: &mut Scheme| -> usize {
            match s.qipp.iter().position(|q| q.year == year) {
                Some(at) => at,
                None => {
                    s.qipp.push(QippYear {
                        year: year.clone(),
                        ..Default::default()
                    });
                    s.qipp.len() - 1
                }
            }
        };
        let pods = crate::model::operating::POINTS_OF_DELIVERY;
        match kind % 10 {
            0 | 1 => put(&p.schemes, i, |s| {
                let at = qipp(s);
                s.qipp[at].saving = money(n);
            }),
            2 => put(&p.schemes, i, |s| {
                let at = qipp(s);
                s.qipp[at].investment = money(n);
            }),
            3 => put(&p.schemes, i, |s| {
                let at = qipp(s);
                let q = &mut s.qipp[at];
                match q.points_of_delivery.get_mut(pick % 3) {
                    Some(pod) => {
                        pod.activity = (n % 3 != 0).then_some(n % 1_000 - 500);
                        pod.finance = money(n / 7);
                    }
                    None => q.points_of_delivery.push(PodChange {
                        point_of_delivery: pods[pick % pods.len()].to_string(),
                        activity: Some(-(n % 900)),
                        finance: money(n),
                    }),
                }
            }),
            4 => put(&p.schemes, i, |s| {
                let at = qipp(s);
                let q = &mut s.qipp[at];
                match n % 3 {
                    0 => q.points_of_delivery.clear(),
                    1 => {
                        if let Some(pod) = q.points_of_delivery.first_mut() {
                            pod.point_of_delivery = if n % 2 == 0 {
                                String::new()
                            } else {
                                pods[pick % pods.len()].into()
                            };
                        }
                    }
                    _ => q.points_of_delivery.push(PodChange::default()),
                }
            }),
            5 => put(&p.schemes, i, |s| {
                s.qipp_programme = ["", "Urgent care", "Planned care", "Prescribing"][pick % 4].into()
            }),
            6 => put(&p.schemes, i, |s| {
                let at = qipp(s);
                s.qipp[at].phasing = (0..(n % 4) as usize)
                    .map(|m| QippPhase {
                        label: format!("M{m}"),
                        saving: money(n + m as i64),
                    })
                    .collect();
            }),
            7 => put(&p.schemes, i, |s| match n % 3 {
                0 => s.qipp.retain(|q| q.year != year),
                1 => s.name = format!("Renamed {n}"),
                _ => s.qipp.reverse(),
            }),
            8 => PlanEdit::Insert {
                at: Some(pick % (p.schemes.len() + 1)),
                record: AnyRecord::from(p.schemes[i].clone()),
            },
            _ => PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![p.schemes[i].id],
            },
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Whatever QIPP edits follow each other, undone now and then, the
        /// operating plan's money the live summary keeps is
        /// `operating_finance` computed afresh (and the whole summary is
        /// the one computed afresh), without rebuilding.
        #[test]
        fn qipp_edits_give_the_operating_finance_computed_afresh(
            seed in 0u64..1_000,
            edits in proptest::collection::vec((0u8..10, 0usize..1_000, 1i64..10_000_000, any::<bool>()), 1..30),
        ) {
            let mut p = generate(&GenerateOptions { schemes: 12, metrics: 3, risks: 3, signoffs: 2, years: 3, seed });
            crate::generate::add_operating_finance(&mut p, seed);
            let mut live = LiveSummary::new(&p, today());
            let rebuilt = live.rebuilt;
            let mut undo: Vec<PlanEdit> = Vec::new();
            for (kind, pick, n, back) in edits {
                let edit = match undo.pop() {
                    Some(u) if back => u,
                    _ if p.schemes.len() <= 1 && kind % 10 == 9 => continue,
                    _ => random_qipp_edit(&p, kind, pick, n),
                };
                let applied = crate::model::edit::apply(&mut p, edit).unwrap();
                undo.push(applied.undo);
                live.update(&p, today(), &applied.changes);
                let fresh = crate::calc::operating::operating_finance(&p, &crate::calc::finance_totals(&p));
                prop_assert_eq!(&live.summary().finance.operating, &fresh, "after {:?}", applied.changes);
                prop_assert_eq!(live.summary(), &crate::calc::summarize(&p, today()), "after {:?}", applied.changes);
            }
            prop_assert_eq!(live.rebuilt, rebuilt, "every edit was followed in place");
        }
    }
}
