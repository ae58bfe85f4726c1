//! How often each instance is answered over many queries: one CSS bar per instance, so
//! MULTIVALUE (every healthy instance in every answer) and WEIGHTED (one per answer) can be
//! compared. Bar widths are set through the CSSOM (`style:width`), which the page's CSP allows.
//!
//! Up to 100,000 queries over up to 1,000 instances take about a second, so a run that outlasts
//! its first slice goes on a slice at a time, with a progress bar and Cancel; any change to the
//! inputs starts a new run and the old one stops.

use leptos::prelude::*;
use leptos::task::spawn_local;
use muster_core::api::{Distribution, DistributionJob};
use muster_core::text::grouped;
use serde_json::Value;

use crate::components::frames::next_turn;
use crate::state::context::{ContextForm, Routing};
use crate::state::simulate::{self, Bar};

/// The distribution's input (what `dnsDistribution` takes), or why there is none.
pub type DistributionInput = Memo<Result<Value, String>>;

/// The time one slice of a run may take before the browser gets a turn.
const SLICE_MS: f64 = 8.0;
/// Queries made between two looks at the clock.
const BATCH: u64 = 200;

/// Where the newest run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Finished (or never started): the result is the inputs' distribution.
    Done,
    Running {
        done: u64,
        total: u64,
    },
    /// Cancelled: the result counts the queries made until then.
    Stopped {
        done: u64,
        total: u64,
    },
}

/// One run's signals, shared by the effect that starts runs and the task that continues one.
#[derive(Clone, Copy)]
struct Runner {
    result: RwSignal<Option<Result<Distribution, String>>>,
    run: RwSignal<Run>,
    /// The newest run; an older one stops at its next slice.
    generation: StoredValue<u64>,
    /// Cancel was pressed for the newest run.
    cancelled: StoredValue<bool>,
}

impl Runner {
    /// A runner that starts a run whenever `input` changes, and stops its run when the panel
    /// is left.
    fn follow(input: DistributionInput) -> Self {
        let runner = Self {
            result: RwSignal::new(None),
            run: RwSignal::new(Run::Done),
            generation: StoredValue::new(0),
            cancelled: StoredValue::new(false),
        };
        Effect::new(move |_| runner.start(input.get()));
        on_cleanup(move || {
            let _ = runner
                .generation
                .try_update_value(|generation| *generation += 1);
        });
        runner
    }

    /// Makes queries until the slice that began at `started` is used up; true once the job is
    /// finished.
    fn slice(job: &mut DistributionJob, started: f64) -> bool {
        while !job.advance(BATCH) {
            if js_sys::Date::now() - started >= SLICE_MS {
                return false;
            }
        }
        true
    }

    /// Starts a run on `input`, replacing any run still going.
    fn start(self, input: Result<Value, String>) {
        let current = self.generation.get_value() + 1;
        self.generation.set_value(current);
        self.cancelled.set_value(false);
        // Setting up (1,000 instances) counts against the first slice, so the first frame after
        // an edit is not held for both.
        let started = js_sys::Date::now();
        let job = input.and_then(|v| DistributionJob::start(&v).map_err(|e| e.message));
        match job {
            Err(message) => {
                self.run.set(Run::Done);
                self.result.set(Some(Err(message)));
            }
            Ok(mut job) => {
                if Self::slice(&mut job, started) {
                    self.run.set(Run::Done);
                    self.result.set(Some(Ok(job.finish())));
                } else {
                    self.run.set(Run::Running {
                        done: job.done(),
                        total: job.total(),
                    });
                    spawn_local(self.go_on(job, current));
                }
            }
        }
    }

    /// Continues run `current` a slice per browser turn, until it ends, is cancelled, or a newer
    /// run replaces it.
    async fn go_on(self, mut job: DistributionJob, current: u64) {
        loop {
            next_turn().await;
            if self.generation.try_get_value() != Some(current) {
                return;
            }
            if self.cancelled.get_value() {
                let (done, total) = (job.done(), job.total());
                keep_focus();
                self.run.set(Run::Stopped { done, total });
                self.result.set(Some(Ok(job.finish())));
                return;
            }
            let finished = Self::slice(&mut job, js_sys::Date::now());
            if finished {
                keep_focus();
                self.run.set(Run::Done);
                self.result.set(Some(Ok(job.finish())));
                return;
            }
            self.run.set(Run::Running {
                done: job.done(),
                total: job.total(),
            });
        }
    }
}

/// Cancel disappears when a run ends: keyboard focus on it moves to the Queries box instead of
/// falling back to the page.
fn keep_focus() {
    let on_cancel = document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
        .is_some_and(|id| id == "dist-cancel");
    if on_cancel {
        if let Some(input) = document()
            .get_element_by_id("dist-queries")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = input.focus();
        }
    }
}

#[component]
pub fn DistributionPanel(
    context: RwSignal<ContextForm>,
    queries: RwSignal<String>,
    input: DistributionInput,
    /// What is asked, like `myservice.example.local A`.
    asked: Signal<String>,
) -> impl IntoView {
    let runner = Runner::follow(input);
    let result = runner.result;
    let queries_error = move || queries.with(|q| simulate::parse_queries(q).err());
    let failed = move || result.with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned()));
    let bars = move || {
        result.with(|r| match r {
            Some(Ok(d)) => simulate::bars(d),
            _ => Vec::new(),
        })
    };
    let summary = move || {
        result.with(|r| {
            r.as_ref().and_then(|r| r.as_ref().ok()).map(|d| {
                let empty = if d.empty_answers == 0 {
                    String::new()
                } else {
                    format!(" {} had an empty answer.", grouped(d.empty_answers))
                };
                format!(
                    "{} queries of {}, one seed each from the query's seed on.{empty}",
                    grouped(d.queries),
                    asked.get()
                )
            })
        })
    };
    let routing_hint = move || {
        match context.with(|c| c.routing) {
        Routing::Multivalue => "MULTIVALUE: each answer holds up to 8 healthy records, so with 8 or fewer every healthy instance is in 100% of answers.",
        Routing::Weighted => "WEIGHTED: each answer holds one healthy record picked at random, so the shares split the queries.",
    }
    };
    view! {
        <section class="panel distribution-panel" aria-labelledby="dist-heading">
            <div class="panel-head">
                <h2 id="dist-heading">"Answer distribution"</h2>
            </div>
            <div class="dist-controls">
                <div class="field dist-queries">
                    <label for="dist-queries">"Queries"</label>
                    <input
                        id="dist-queries"
                        type="text"
                        inputmode="numeric"
                        class="mono"
                        data-testid="dist-queries"
                        autocomplete="off"
                        aria-invalid=move || queries_error().map(|_| "true")
                        aria-describedby="dist-queries-error"
                        prop:value=move || queries.get()
                        on:input=move |ev| queries.set(event_target_value(&ev))
                    />
                </div>
                <fieldset class="segmented" disabled=move || !context.with(ContextForm::has_dns)>
                    <legend>"Routing policy"</legend>
                    <div class="segments">
                        {Routing::ALL
                            .into_iter()
                            .map(|routing| {
                                view! {
                                    <label class="segment">
                                        <input
                                            type="radio"
                                            name="dist-routing"
                                            value=routing.value()
                                            data-testid=format!("dist-routing-{}", routing.value())
                                            prop:checked=move || context.with(|c| c.routing == routing)
                                            on:change=move |_| context.update(|c| c.routing = routing)
                                        />
                                        <span>{routing.label()}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            </div>
            <p class="row-error" id="dist-queries-error" role="alert" data-testid="dist-error" hidden=move || queries_error().is_none()>
                {queries_error}
            </p>
            <p class="hint">{routing_hint}</p>
            {move || failed().map(|message| view! { <p class="call-error" role="alert">{message}</p> })}
            <RunStatus runner=runner/>
            <p class="dist-summary" data-testid="dist-summary" aria-live="polite" aria-busy=move || matches!(runner.run.get(), Run::Running { .. }).to_string()>{summary}</p>
            <p class="empty" hidden=move || !bars().is_empty() || failed().is_some()>
                "No registered instances to answer with."
            </p>
            <ul class="bars" data-testid="dist-bars" aria-label="Answers per instance">
                {move || bars().into_iter().map(|bar| view! { <BarRow bar=bar/> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn BarRow(bar: Bar) -> impl IntoView {
    let width = bar.width();
    let share = bar.share_text();
    let count = grouped(bar.count);
    let id = bar.instance_id.clone();
    let label = format!(
        "{}: in {count} answers, {share}{}",
        bar.instance_id,
        if bar.unhealthy { ", unhealthy" } else { "" }
    );
    view! {
        <li
            class="bar-row"
            class:bar-unhealthy=bar.unhealthy
            data-testid="dist-bar"
            data-instance-id=id
            data-count=bar.count.to_string()
            data-health=bar.health
            aria-label=label
        >
            <span class="bar-label">
                <code class="instance-id">{bar.instance_id}</code>
                {bar.unhealthy.then(|| view! { <span class="unhealthy-tag">"UNHEALTHY"</span> })}
            </span>
            <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style:width=width></span>
            </span>
            <span class="bar-value mono" aria-hidden="true">
                <span data-testid="dist-count">{count}</span>
                " · "
                {share}
            </span>
        </li>
    }
}

/// A run that outlasts its first slice: how far it got, and Cancel; after Cancel, how far it got.
#[component]
fn RunStatus(runner: Runner) -> impl IntoView {
    let running = move || match runner.run.get() {
        Run::Running { done, total } => Some((done, total)),
        _ => None,
    };
    let stopped = move || match runner.run.get() {
        Run::Stopped { done, total } => Some(format!(
            "Cancelled after {} of {} queries; the bars count those. Change an input to run again.",
            grouped(done),
            grouped(total)
        )),
        _ => None,
    };
    view! {
            <div class="job-progress" data-testid="dist-progress-box" hidden=move || running().is_none()>
                <label for="dist-progress" data-testid="dist-progress-label">
                    {move || running().map(|(done, total)| format!("{} of {} queries…", grouped(done), grouped(total))).unwrap_or_default()}
                </label>
                <div class="job-progress-row">
                    <progress
                        id="dist-progress"
                        data-testid="dist-progress"
                        max=move || running().map_or(1, |(_, total)| total.max(1))
                        value=move || running().map_or(0, |(done, _)| done)
                    ></progress>
                    <button
                        type="button"
                        class="button button-small"
                        data-testid="dist-cancel"
                        on:click=move |_| runner.cancelled.set_value(true)
                    >
                        "Cancel"
                    </button>
                </div>
            </div>
            <p class="hint" data-testid="dist-stopped" hidden=move || stopped().is_none()>{stopped}</p>
    }
}
