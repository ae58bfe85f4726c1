//! Placement: where ECS would put a service's tasks on the cluster's container instances, why
//! each instance was chosen or passed over, and the Cloud Map registrations and DNS answer
//! that follow. The inputs on the left (the CreateService request with its strategy and
//! constraint form, the task definition, the instances, the Cloud Map service), the plan on the
//! right.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::Shared;
use crate::components::diagnostics::{DiagnosticList, Placed, StatusBadge};
use crate::components::export_panel::ExportPanel;
use crate::components::frames::{next_frame, next_turn};
use crate::components::import_dialog::ImportDialog;
use crate::components::json_editor::JsonEditor;
use crate::components::placement_form::{PlacementForm, RowsMemo};
use crate::components::plan_view::{
    DnsPanel, ExplanationPanel, FailuresPanel, RegistrationsPanel, ZonesPanel,
};
use crate::state::export::Builder;
use crate::state::placement::{
    self, Input, PlTarget, PlacementInputs, PlanJob, RowEdit, RowsState,
};
use crate::state::{findings, Target, View};

#[component]
pub fn PlacementPage(shared: Shared) -> impl IntoView {
    let Shared {
        placement: inputs,
        plan,
        cluster,
        ..
    } = shared;
    let jobs = PlanJobs::start(inputs, plan);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        jobs.run();
    };
    view! {
        <div class="registry placement" data-testid="pl-page">
            <div class="pane-head registry-head">
                <div class="pane-title">
                    <h1 id="pl-heading">"Placement"</h1>
                    <ImportDialog builder=Builder::CreateService shared=shared/>
                </div>
                <p class="lede">
                    "Where ECS would place a service's tasks on your container instances, why every other instance was passed over, and the Cloud Map registrations and DNS answer that follow."
                </p>
                <a class="status-jump" href="#pl-run-heading" data-testid="pl-jump">"Jump to the plan"</a>
            </div>
            <div class="registry-grid">
                <div class="registry-col">
                    <ServicePanel inputs=inputs/>
                    <InputPanel inputs=inputs input=Input::TaskDefinition heading="Task definition" hint="describe-task-definition output, or its taskDefinition."/>
                    <InputPanel inputs=inputs input=Input::Cluster heading="Container instances" hint="describe-container-instances output, or its list; add tasks (describe-tasks entries) as \"tasks\". privateIpAddress is not in the ECS shape: give it for real addresses in the registrations.">
                        <div class="pl-from-cluster">
                            <button
                                type="button"
                                class="button button-small"
                                data-testid="pl-use-cluster"
                                aria-describedby="pl-use-cluster-hint"
                                disabled=move || cluster.with(|c| c.state.container_instances.is_empty())
                                on:click=move |_| {
                                    let next = cluster.with_untracked(placement::cluster_text);
                                    inputs.update(|i| i.cluster = next);
                                }
                            >
                                "Use the cluster from the Cluster view"
                            </button>
                            <p class="hint" id="pl-use-cluster-hint">
                                {move || match cluster.with(|c| c.state.container_instances.len()) {
                                    0 => view! { "No instances there yet: register some in the " <a href=View::ContainerInstance.hash()>"Container instance"</a>" view." }.into_any(),
                                    n => format!("{n} registered there, with their tasks.").into_any(),
                                }}
                            </p>
                        </div>
                    </InputPanel>
                    <InputPanel inputs=inputs input=Input::CloudMap heading="Cloud Map namespace and service" hint="Optional: {\"namespace\": get-namespace output, \"service\": get-service output}. Empty it to plan without service discovery."/>
                </div>
                <div class="registry-col">
                    <form class="panel pl-run" aria-labelledby="pl-run-heading" data-testid="pl-run" on:submit=on_submit>
                        <div class="panel-head">
                            <h2 id="pl-run-heading">"Plan"</h2>
                        </div>
                        <div class="pl-run-row">
                            <SeedField inputs=inputs/>
                            <button type="submit" class="button button-primary" data-testid="pl-plan" node_ref=jobs.plan_button>"Plan"</button>
                            <button
                                type="button"
                                class="button"
                                data-testid="pl-reset"
                                on:click=move |_| inputs.set(PlacementInputs::default())
                            >
                                "Restore the example"
                            </button>
                        </div>
                        <PlanProgress job=jobs.job on_cancel=move || jobs.cancel(false)/>
                        <PlanSummary inputs=inputs plan=plan job=jobs.job/>
                    </form>
                    <PlanOutput plan=plan/>
                </div>
            </div>
        </div>
    }
}

/// The CreateService request: its status, the strategy and constraint form, its JSON and its
/// diagnostics.
#[component]
fn ServicePanel(inputs: RwSignal<PlacementInputs>) -> impl IntoView {
    let service_text = Memo::new(move |_| inputs.with(|i| i.service.clone()));
    let rows: RowsMemo = Memo::new(move |previous: Option<&RowsState>| {
        service_text.with(|t| RowsState::read(t, previous))
    });
    let checked = Memo::new(move |_| inputs.with(PlacementInputs::check_service));
    let placed: Placed = Memo::new(move |_| {
        checked.with(|c| {
            c.as_ref()
                .map(|report| rows.with(|r| placement::place_service(report, &r.rows)))
                .unwrap_or_default()
        })
    });
    let edit_error = RwSignal::new(None::<String>);
    let on_edit = Callback::new(move |edit: RowEdit| {
        match inputs.with_untracked(|i| placement::apply(&i.service, &edit)) {
            Ok(next) => {
                edit_error.set(None);
                inputs.update(|i| i.service = next);
            }
            Err(error) => edit_error.set(Some(error)),
        }
    });
    let on_text = Callback::new(move |text: String| {
        edit_error.set(None);
        inputs.update(|i| i.service = text);
    });
    let status_summary = move || {
        checked.with(|c| match c {
            Ok(report) => format!("{} · see diagnostics", findings::status_text(report)),
            Err(_) => "Cannot check · see diagnostics".to_owned(),
        })
    };
    view! {
        <section class="panel" aria-labelledby="pl-service-heading" data-testid="pl-service-panel">
            <div class="panel-head">
                <h2 id="pl-service-heading">"CreateService request"</h2>
                <StatusBadge checked=checked testid="pl-service-status"/>
            </div>
            <a class="status-jump pl-status-jump" href="#diagnostics-heading">{status_summary}</a>
            <PlacementForm rows=rows placed=placed on_edit=on_edit edit_error=edit_error/>
            <JsonEditor
                text=service_text
                placed=placed
                on_input=on_text
                control=Target::Placement(PlTarget::Editor(Input::Service))
                label=Input::Service.label()
                hint="Checked as ecs:CreateService against the task definition and the Cloud Map service below. The strategy and constraint rows above edit this JSON."
            />
        </section>
        <DiagnosticList checked=checked placed=placed/>
        <ExportPanel builder=Builder::CreateService text=service_text checked=checked/>
    }
}

/// One JSON input with its findings and a line on what was read.
#[component]
fn InputPanel(
    inputs: RwSignal<PlacementInputs>,
    input: Input,
    heading: &'static str,
    hint: &'static str,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let text = Memo::new(move |_| inputs.with(|i| i.text(input).to_owned()));
    // Checked from its own text only: a keystroke in another input (or the seed) does not
    // re-read a cluster of thousands of instances.
    let check = Memo::new(move |_| text.with(|t| input.check(t)));
    let placed: Placed =
        Memo::new(move |_| check.with(|c| placement::place_input(input, &c.diagnostics)));
    let problem = Signal::derive(move || check.with(|c| c.problem.clone()));
    let heading_id = format!("pl-{}-heading", input.slug());
    let labelled_by = heading_id.clone();
    let ok = move || check.with(|c| c.is_ok() && !c.summary.is_empty());
    view! {
        <section class="panel pl-input" aria-labelledby=labelled_by data-testid=format!("pl-{}-panel", input.slug())>
            <div class="panel-head">
                <h2 id=heading_id>{heading}</h2>
            </div>
            <p class="pl-input-summary" class:line-ok=ok data-testid=format!("pl-{}-summary", input.slug()) hidden=move || check.with(|c| c.summary.is_empty())>
                {move || check.with(|c| c.summary.clone())}
            </p>
            {children.map(|c| c())}
            <JsonEditor
                text=text
                placed=placed
                on_input=Callback::new(move |t: String| inputs.update(|i| i.set(input, t)))
                control=Target::Placement(PlTarget::Editor(input))
                label=input.label()
                hint=hint
                problem=problem
            />
        </section>
    }
}

/// The seed as typed; a bad one is flagged and the plan refuses it.
#[component]
fn SeedField(inputs: RwSignal<PlacementInputs>) -> impl IntoView {
    let invalid = move || inputs.with(|i| crate::state::simulate::parse_seed(&i.seed).is_none());
    view! {
        <div class="field pl-seed">
            <label for="pl-seed">"Seed"</label>
            <input
                id="pl-seed"
                type="text"
                inputmode="numeric"
                class="mono"
                data-testid="pl-seed"
                autocomplete="off"
                aria-describedby="pl-seed-hint"
                aria-invalid=move || invalid().then_some("true")
                prop:value=move || inputs.with(|i| i.seed.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    inputs.update(|i| i.seed = text);
                }
            />
            <p class="hint" id="pl-seed-hint">
                {move || if invalid() {
                    "Not a whole number from 0 to 2^53."
                } else {
                    "Breaks the ties the strategies leave, and makes the task IDs. Same seed, same plan."
                }}
            </p>
        </div>
    }
}

type PlanSignal = RwSignal<Option<(PlacementInputs, Result<placement::PlanView, String>)>>;

/// The page's plan jobs: one at a time, started by Plan, by a cleared plan (the first visit, a
/// newly loaded scenario), and stopped by Cancel or by editing the inputs it runs on.
#[derive(Clone, Copy)]
struct PlanJobs {
    inputs: RwSignal<PlacementInputs>,
    plan: PlanSignal,
    job: RwSignal<PlanJob>,
    /// Counts jobs started or cancelled: a job whose number is no longer current stops at its
    /// next slice, so only the newest job's result is ever shown.
    generation: StoredValue<u64>,
    plan_button: NodeRef<leptos::html::Button>,
}

impl PlanJobs {
    fn start(inputs: RwSignal<PlacementInputs>, plan: PlanSignal) -> Self {
        let jobs = Self {
            inputs,
            plan,
            job: RwSignal::new(PlanJob::Idle),
            generation: StoredValue::new(0),
            plan_button: NodeRef::new(),
        };
        Effect::new(move |_| {
            if plan.with(Option::is_none) {
                jobs.run();
            }
        });
        Effect::new(move |_| {
            if inputs.with(|i| jobs.job.with_untracked(|j| j.runs_on_other_than(i))) {
                jobs.cancel(true);
            }
        });
        jobs
    }

    /// Plans the current inputs, replacing any job still running.
    fn run(self) {
        let current = self.generation.get_value() + 1;
        self.generation.set_value(current);
        let snapshot = self.inputs.get_untracked();
        self.job.set(PlanJob::Running {
            on: snapshot.clone(),
            shown: None,
        });
        spawn_local(run_plan(snapshot, current, self));
    }

    /// Stops the running job; the plan from before stays.
    fn cancel(self, inputs_changed: bool) {
        self.generation.update_value(|g| *g += 1);
        self.job.set(PlanJob::Cancelled { inputs_changed });
        keep_focus(self.plan_button);
    }
}

/// How long one slice of a plan may run before the browser gets a turn: well under a frame, so
/// typing and painting go on while a large plan is made.
const SLICE_MS: f64 = 8.0;

/// Makes the plan for `snapshot` a slice at a time, showing progress once the first slice did
/// not finish it. Stops without a word as soon as job `current` is no longer the newest
/// (cancelled, replaced, or the page was left).
async fn run_plan(snapshot: PlacementInputs, current: u64, jobs: PlanJobs) {
    let PlanJobs {
        job,
        plan,
        generation,
        plan_button,
        ..
    } = jobs;
    let is_current = move || generation.try_get_value() == Some(current);
    if !is_current() {
        return;
    }
    let outcome = match snapshot.start_plan() {
        Err(message) => Err(message),
        Ok(mut run) => loop {
            let progress = run.run_for(SLICE_MS, js_sys::Date::now);
            let finished = progress.is_finished();
            if finished && job.with_untracked(|j| j.shown().is_none()) {
                break run.finish();
            }
            let stopping = run.scales_in();
            job.update(|j| {
                if let PlanJob::Running { shown, .. } = j {
                    *shown = Some((progress, stopping));
                }
            });
            if finished {
                // Finishing, shaping and drawing a large plan take a while: paint the full bar
                // first, and a frame between finishing and drawing.
                next_frame().await;
                if !is_current() {
                    return;
                }
                let outcome = run.finish();
                next_frame().await;
                if !is_current() {
                    return;
                }
                break outcome;
            }
            next_turn().await;
            if !is_current() {
                // A large job holds thousands of placed tasks: freeing them waits until the
                // edit that stopped it is on screen.
                spawn_local(async move {
                    next_frame().await;
                    drop(run);
                });
                return;
            }
        },
    };
    let was_shown = job.with_untracked(|j| j.shown().is_some());
    job.set(PlanJob::Idle);
    plan.set(Some((snapshot, outcome)));
    if was_shown {
        keep_focus(plan_button);
    }
}

/// The Cancel button disappears when a job ends: keyboard focus on it moves to Plan instead of
/// falling back to the page.
fn keep_focus(plan_button: NodeRef<leptos::html::Button>) {
    let on_cancel = document()
        .active_element()
        .and_then(|e| e.get_attribute("data-testid"))
        .is_some_and(|id| id == "pl-cancel");
    if on_cancel {
        if let Some(button) = plan_button.get_untracked() {
            let _ = button.focus();
        }
    }
}

/// The progress of a plan that takes more than a moment, with a way to stop it.
#[component]
fn PlanProgress(job: RwSignal<PlanJob>, on_cancel: impl Fn() + 'static) -> impl IntoView {
    let shown = move || job.with(PlanJob::shown);
    view! {
        <div class="job-progress" data-testid="pl-progress-box" hidden=move || shown().is_none()>
            <label for="pl-progress" data-testid="pl-progress-label">
                {move || shown().map(|(p, stopping)| placement::progress_label(p, stopping)).unwrap_or_default()}
            </label>
            <div class="job-progress-row">
                <progress
                    id="pl-progress"
                    data-testid="pl-progress"
                    max=move || shown().map_or(1, |(p, _)| p.total.max(1))
                    value=move || shown().map_or(0, |(p, _)| p.done)
                ></progress>
                <button type="button" class="button button-small" data-testid="pl-cancel" on:click=move |_| on_cancel()>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}

/// One line on the outcome (or on the job making the next one), and whether the inputs
/// changed since.
#[component]
fn PlanSummary(
    inputs: RwSignal<PlacementInputs>,
    plan: PlanSignal,
    job: RwSignal<PlanJob>,
) -> impl IntoView {
    let stale = Memo::new(move |_| {
        plan.with(|p| {
            p.as_ref()
                .is_some_and(|(ran_on, _)| inputs.with(|i| i != ran_on))
        })
    });
    let job_line = Memo::new(move |_| job.with(|j| j.summary(plan.with(Option::is_some))));
    let running = move || job.with(|j| j.shown().is_some());
    let summary = move || {
        if let Some(line) = job_line.get() {
            let class = if running() { "pl-summary-running" } else { "" };
            return (class, line);
        }
        plan.with(|p| match p {
            None => ("", "Press Plan to place the service's tasks.".to_owned()),
            Some((_, Ok(view))) if view.valid && view.error.is_none() && view.unplaced == 0 => {
                ("pl-summary-ok", view.summary())
            }
            Some((_, Ok(view))) => ("pl-summary-problem", view.summary()),
            Some((_, Err(message))) => ("pl-summary-problem", message.clone()),
        })
    };
    view! {
        <p class=move || format!("pl-summary {}", summary().0) data-testid="pl-summary" role="status" aria-live="polite">
            {move || summary().1}
        </p>
        <p class="notice" data-testid="pl-stale" hidden=move || !stale.get() || running()>
            "The inputs changed since this plan. Press Plan to update it."
        </p>
    }
}

/// The plan's panels, rebuilt when a new plan is made.
#[component]
fn PlanOutput(plan: PlanSignal) -> impl IntoView {
    move || {
        plan.with(|p| match p {
            // Not planned: the request's findings are in the diagnostics list.
            Some((inputs, Ok(view))) if view.valid => {
                let no_registrations = placement::no_registrations_text(inputs, view.placed);
                // Cheap: the long lists are shared, and cards are made only when drawn.
                let view = view.clone();
                // A large plan draws its instances first and the other panels a frame later,
                // so neither part holds the page for long. A small one draws at once.
                let rest_drawn = RwSignal::new(!view.is_large());
                if !rest_drawn.get_untracked() {
                    spawn_local(async move {
                        next_frame().await;
                        let _ = rest_drawn.try_set(true);
                    });
                }
                let zones = view.zones.clone();
                let rest = move || {
                    rest_drawn.get().then(|| {
                        let view = view.clone();
                        let registered = !view.registrations.is_empty();
                        view! {
                            <FailuresPanel failures=view.failures events=view.events stopped=view.stopped error=view.error/>
                            {view.explanation.map(|e| view! { <ExplanationPanel explanation=e/> })}
                            <RegistrationsPanel registrations=view.registrations empty=no_registrations/>
                            <DnsPanel dns=view.dns registered=registered/>
                        }
                    })
                };
                view! {
                    <ZonesPanel zones=zones/>
                    {rest}
                }
                .into_any()
            }
            _ => ().into_any(),
        })
    }
}
