//! The Placement view as plain data: the inputs as JSON text (the cluster's container instances,
//! the task definition, the CreateService request, the Cloud Map namespace and service) and the
//! seed; the strategy and constraint rows as a view of the request (edits go back into its JSON);
//! each input's findings; and the service plan the core computes, shaped for the page (cards
//! grouped by Availability Zone, usage bars, failures, the per-task explanation, the
//! registrations and the DNS answer).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

use muster_core::api::{self, DnsSimulation, PlanServiceJob, ServicePlan};
use muster_core::cloudmap::Context as CloudMapContext;
use muster_core::ecs::placement::{PlacedTask, Plan, Progress};
use muster_core::ecs::taskdef::TaskDefinition;
use muster_core::pointer::Pointer;
use muster_core::{shape, CallError, Diagnostic, Operation, Report};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::cluster::{short_id, Cluster};
use super::findings::Target;
use super::simulate::parse_seed;
use muster_core::text::{count, grouped};

/// The seed of the example, so the first plan is the one the docs describe.
pub const DEFAULT_SEED: u64 = 7;
/// Characters of a task ID a chip shows: enough to tell a plan's tasks apart.
const SHORT_TASK: usize = 8;

/// Instance cards a zone shows before "Show more": a few screens of the grid (48 fills whole
/// rows of 1, 2, 3, 4 or 6 columns), and three zones of them draw in well under a frame budget
/// a user notices.
pub const CARDS_FIRST: usize = 48;
/// Task chips a card shows before "Show more".
pub const CHIPS_FIRST: usize = 24;
/// Instances an explanation table shows before "Show more": more than a screen of rows.
pub const ROWS_FIRST: usize = 50;
/// Registrations, failures, service events or stopped tasks shown before "Show more".
pub const ITEMS_FIRST: usize = 50;

/// One of the view's JSON inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    Service,
    TaskDefinition,
    Cluster,
    CloudMap,
}

impl Input {
    pub const ALL: [Input; 4] = [
        Input::Service,
        Input::TaskDefinition,
        Input::Cluster,
        Input::CloudMap,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Input::Service => "service",
            Input::TaskDefinition => "task-definition",
            Input::Cluster => "cluster",
            Input::CloudMap => "cloud-map",
        }
    }

    /// Checks this input's text (the CreateService request is checked on its own, with context).
    pub fn check(self, text: &str) -> InputCheck {
        match self {
            Input::Service => InputCheck::default(),
            Input::TaskDefinition => check_task_definition(text),
            Input::Cluster => check_cluster(text),
            Input::CloudMap => check_cloud_map(text),
        }
    }

    /// The editor's accessible name.
    pub fn label(self) -> &'static str {
        match self {
            Input::Service => "CreateService request JSON",
            Input::TaskDefinition => "Task definition JSON",
            Input::Cluster => "Container instances JSON",
            Input::CloudMap => "Cloud Map namespace and service JSON",
        }
    }
}

/// A list of the request the form edits as rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum List {
    Strategies,
    Constraints,
}

impl List {
    pub const ALL: [List; 2] = [List::Strategies, List::Constraints];

    /// The request member.
    pub fn member(self) -> &'static str {
        match self {
            List::Strategies => "placementStrategy",
            List::Constraints => "placementConstraints",
        }
    }

    /// The member of an entry the second column edits.
    pub fn value_member(self) -> &'static str {
        match self {
            List::Strategies => "field",
            List::Constraints => "expression",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            List::Strategies => "strategy",
            List::Constraints => "constraint",
        }
    }

    /// `Strategy`, `Constraint`: the row's name in labels.
    pub fn noun(self) -> &'static str {
        match self {
            List::Strategies => "Strategy",
            List::Constraints => "Constraint",
        }
    }

    /// The types the select offers.
    pub fn types(self) -> &'static [&'static str] {
        match self {
            List::Strategies => &["spread", "binpack", "random"],
            List::Constraints => &["memberOf", "distinctInstance"],
        }
    }

    fn of(member: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.member() == member)
    }
}

/// A column of a row: its type, or its field / expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Type,
    Value,
}

impl Column {
    pub fn slug(self) -> &'static str {
        match self {
            Column::Type => "type",
            Column::Value => "value",
        }
    }
}

/// Where a finding of the Placement view belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlTarget {
    /// An input's JSON editor as a whole.
    Editor(Input),
    /// A list as a whole (too many entries).
    List(List),
    Cell {
        list: List,
        row: usize,
        column: Column,
    },
}

impl PlTarget {
    pub fn control_id(self) -> String {
        match self {
            PlTarget::Editor(input) => format!("pl-{}", input.slug()),
            PlTarget::List(list) => format!("pl-{}-list", list.slug()),
            PlTarget::Cell { list, row, column } => {
                format!("pl-{}-{}-{row}", list.slug(), column.slug())
            }
        }
    }

    pub fn diagnostics_id(self) -> String {
        match self {
            PlTarget::Editor(input) => format!("pl-diagnostics-{}", input.slug()),
            PlTarget::List(list) => format!("pl-diagnostics-{}-list", list.slug()),
            PlTarget::Cell { list, row, .. } => format!("pl-diagnostics-{}-{row}", list.slug()),
        }
    }

    /// A row shows the findings of both its cells.
    pub fn belongs_to(self, control: PlTarget) -> bool {
        match (self, control) {
            (
                PlTarget::Cell {
                    list: a, row: i, ..
                },
                PlTarget::Cell {
                    list: b, row: j, ..
                },
            ) => a == b && i == j,
            (a, b) => a == b,
        }
    }
}

/// One strategy or constraint as the form shows it: its `type` and its `field` / `expression`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub kind: String,
    pub value: String,
}

/// The request's strategy chain and constraint list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rows {
    pub strategies: Vec<Row>,
    pub constraints: Vec<Row>,
}

impl Rows {
    pub fn list(&self, list: List) -> &[Row] {
        match list {
            List::Strategies => &self.strategies,
            List::Constraints => &self.constraints,
        }
    }

    /// The rows of a CreateService request, or why its JSON cannot be edited as rows.
    pub fn read(text: &str) -> Result<Self, String> {
        let object = parse_object(text)?;
        let mut rows = Rows::default();
        for list in List::ALL {
            let entries = match object.get(list.member()) {
                None | Some(Value::Null) => continue,
                Some(Value::Array(entries)) => entries,
                Some(_) => {
                    return Err(format!(
                        "{} is not a list; fix it in the JSON to edit it here.",
                        list.member()
                    ))
                }
            };
            let out = match list {
                List::Strategies => &mut rows.strategies,
                List::Constraints => &mut rows.constraints,
            };
            out.extend(entries.iter().map(|entry| Row {
                kind: text_of(entry.get("type")),
                value: text_of(entry.get(list.value_member())),
            }));
        }
        Ok(rows)
    }
}

/// A member as the form shows it: strings as they are, other JSON as written.
fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The rows and, while the request's JSON is unusable, why the form is locked (the last good
/// rows stay on screen meanwhile).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowsState {
    pub rows: Rows,
    pub locked: Option<String>,
}

impl RowsState {
    pub fn read(text: &str, previous: Option<&RowsState>) -> Self {
        match Rows::read(text) {
            Ok(rows) => Self { rows, locked: None },
            Err(why) => Self {
                rows: previous.map(|p| p.rows.clone()).unwrap_or_default(),
                locked: Some(why),
            },
        }
    }
}

/// A change made in the strategy / constraint form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowEdit {
    Add(List),
    Remove(List, usize),
    /// Moves a row one place up (towards the start of the chain) or down.
    Move {
        list: List,
        row: usize,
        up: bool,
    },
    SetType(List, usize, String),
    SetValue(List, usize, String),
}

/// A new strategy: spread over instances (the usual tie-breaker at the end of a chain).
fn new_entry(list: List) -> Value {
    match list {
        List::Strategies => json!({"type": "spread", "field": "instanceId"}),
        List::Constraints => {
            json!({"type": "memberOf", "expression": "attribute:ecs.os-type == linux"})
        }
    }
}

/// Applies a form edit to the request text; the rows are then read back from it.
pub fn apply(text: &str, edit: &RowEdit) -> Result<String, String> {
    let mut object = parse_object(text)?;
    let list = match edit {
        RowEdit::Add(list)
        | RowEdit::Remove(list, _)
        | RowEdit::Move { list, .. }
        | RowEdit::SetType(list, ..)
        | RowEdit::SetValue(list, ..) => *list,
    };
    let mut entries = match object.get(list.member()) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(entries)) => entries.clone(),
        Some(_) => return Err(format!("{} is not a list.", list.member())),
    };
    let missing = || format!("There is no such {} row.", list.noun().to_ascii_lowercase());
    match edit {
        RowEdit::Add(_) => entries.push(new_entry(list)),
        RowEdit::Remove(_, row) => {
            if *row >= entries.len() {
                return Err(missing());
            }
            entries.remove(*row);
        }
        RowEdit::Move { row, up, .. } => {
            let other = if *up {
                row.checked_sub(1)
            } else {
                Some(row + 1)
            };
            match other {
                Some(other) if other < entries.len() && *row < entries.len() => {
                    entries.swap(*row, other);
                }
                _ => return Err(missing()),
            }
        }
        RowEdit::SetType(_, row, kind) => {
            let entry = entries.get_mut(*row).ok_or_else(missing)?;
            edit_object(entry, |object| set_type(object, list, kind));
        }
        RowEdit::SetValue(_, row, value) => {
            let entry = entries.get_mut(*row).ok_or_else(missing)?;
            edit_object(entry, |object| {
                if value.is_empty() {
                    object.shift_remove(list.value_member());
                } else {
                    object.insert(list.value_member().to_owned(), Value::String(value.clone()));
                }
            });
        }
    }
    if entries.is_empty() {
        // No list at all, so ECS's default applies (and the request stays minimal).
        object.shift_remove(list.member());
    } else {
        object.insert(list.member().to_owned(), Value::Array(entries));
    }
    Ok(pretty(&Value::Object(object)))
}

/// Changes an entry as an object (an entry of another shape becomes an empty object first).
fn edit_object(entry: &mut Value, change: impl FnOnce(&mut Map<String, Value>)) {
    let mut object = match entry.take() {
        Value::Object(object) => object,
        _ => Map::new(),
    };
    change(&mut object);
    *entry = Value::Object(object);
}

/// Sets a row's type, and fixes its field or expression so the new type can use it: random
/// takes no field, binpack cpu or memory, spread an instance or attribute field; distinctInstance
/// takes no expression, memberOf needs one.
fn set_type(entry: &mut Map<String, Value>, list: List, kind: &str) {
    entry.insert("type".to_owned(), Value::String(kind.to_owned()));
    let member = list.value_member();
    let current = entry
        .get(member)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let replace = match (list, kind) {
        (List::Strategies, "random") | (List::Constraints, "distinctInstance") => {
            entry.shift_remove(member);
            None
        }
        (List::Strategies, "binpack")
            if !current.eq_ignore_ascii_case("cpu") && !current.eq_ignore_ascii_case("memory") =>
        {
            Some("memory")
        }
        (List::Strategies, "spread")
            if !(current == "instanceId"
                || current == "host"
                || current.len() > "attribute:".len() && current.starts_with("attribute:")) =>
        {
            Some("attribute:ecs.availability-zone")
        }
        (List::Constraints, "memberOf") if current.trim().is_empty() => {
            Some("attribute:ecs.os-type == linux")
        }
        _ => None,
    };
    if let Some(value) = replace {
        entry.insert(member.to_owned(), Value::String(value.to_owned()));
    }
}

/// Fields the strategy field input suggests.
pub const FIELD_SUGGESTIONS: [&str; 6] = [
    "attribute:ecs.availability-zone",
    "instanceId",
    "host",
    "memory",
    "cpu",
    "attribute:ecs.instance-type",
];

/// Where a cluster query expression stops parsing, split so the page can mark the bad span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError {
    pub message: String,
    /// 1-based, in characters.
    pub column: usize,
    pub end_column: usize,
    pub before: String,
    /// The bad span; empty when the problem is the end of the expression.
    pub bad: String,
    pub after: String,
}

impl ExpressionError {
    /// `Column 12: ...` or `Columns 12–14: ...`.
    pub fn text(&self) -> String {
        if self.end_column > self.column + 1 {
            format!(
                "Columns {}–{}: {}",
                self.column,
                self.end_column - 1,
                self.message
            )
        } else {
            format!("Column {}: {}", self.column, self.message)
        }
    }
}

/// Parses a memberOf expression with the core's `parse_cluster_query`; `None` when it parses
/// (or is empty: the validator asks for one then).
pub fn expression_error(expression: &str) -> Option<ExpressionError> {
    if expression.trim().is_empty() {
        return None;
    }
    let result = api::parse_cluster_query(expression);
    if result.get("valid").and_then(Value::as_bool) != Some(false) {
        return None;
    }
    let error = result.get("error")?;
    let number = |key: &str| {
        error
            .get(key)
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(1)
    };
    let column = number("column").max(1);
    let end_column = number("endColumn").max(column);
    let chars: Vec<char> = expression.chars().collect();
    let start = (column - 1).min(chars.len());
    let end = (end_column - 1).clamp(start, chars.len());
    let text = |range: &[char]| range.iter().collect::<String>();
    Some(ExpressionError {
        message: error
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        column,
        end_column,
        before: chars.get(..start).map(text).unwrap_or_default(),
        bad: chars.get(start..end).map(text).unwrap_or_default(),
        after: chars.get(end..).map(text).unwrap_or_default(),
    })
}

/// What one input's check found: JSON problems as diagnostics, a shape problem the core
/// would refuse the plan for, and a one-line summary of what was read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct InputCheck {
    pub diagnostics: Vec<Diagnostic>,
    pub problem: Option<String>,
    pub summary: String,
}

impl InputCheck {
    fn problem(diagnostics: Vec<Diagnostic>, problem: impl Into<String>) -> Self {
        Self {
            diagnostics,
            problem: Some(problem.into()),
            summary: String::new(),
        }
    }

    pub fn is_ok(&self) -> bool {
        self.problem.is_none()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == muster_core::Severity::Error)
    }
}

/// The view's inputs, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementInputs {
    pub service: String,
    pub task_definition: String,
    pub cluster: String,
    /// Empty: no Cloud Map service, so no registrations and no DNS answer.
    pub cloud_map: String,
    pub seed: String,
}

impl Default for PlacementInputs {
    fn default() -> Self {
        Self {
            service: pretty(&example_service()),
            task_definition: pretty(&example_task_definition()),
            cluster: pretty(&example_cluster()),
            cloud_map: pretty(&example_cloud_map()),
            seed: DEFAULT_SEED.to_string(),
        }
    }
}

impl PlacementInputs {
    pub fn text(&self, input: Input) -> &str {
        match input {
            Input::Service => &self.service,
            Input::TaskDefinition => &self.task_definition,
            Input::Cluster => &self.cluster,
            Input::CloudMap => &self.cloud_map,
        }
    }

    pub fn set(&mut self, input: Input, text: String) {
        match input {
            Input::Service => self.service = text,
            Input::TaskDefinition => self.task_definition = text,
            Input::Cluster => self.cluster = text,
            Input::CloudMap => self.cloud_map = text,
        }
    }

    /// The task definition and Cloud Map service as the CreateService validation context.
    fn service_context(&self) -> Value {
        let mut context = Map::new();
        if let Some(td) =
            parse_value(&self.task_definition).filter(|v| TaskDefinition::from_value(v).is_ok())
        {
            context.insert("taskDefinition".to_owned(), td);
        }
        if let Some(service) = parse_value(&self.cloud_map)
            .and_then(|v| v.get("service").filter(|s| !s.is_null()).cloned())
        {
            context.insert("cloudMapService".to_owned(), service);
        }
        Value::Object(context)
    }

    /// Validates the CreateService request as `validate("ecs:CreateService", request,
    /// {taskDefinition, cloudMapService})` does.
    pub fn check_service(&self) -> Result<Report, CallError> {
        let context = self.service_context().to_string();
        muster_core::validate_text(
            Operation::EcsCreateService.name(),
            &self.service,
            Some(&context),
        )
    }

    /// Checks one of the other inputs.
    pub fn check(&self, input: Input) -> InputCheck {
        input.check(self.text(input))
    }

    /// The `planService` input, or what to fix first.
    pub fn plan_input(&self) -> Result<Value, String> {
        let read = |input: Input| {
            parse_value(self.text(input)).ok_or_else(|| {
                format!(
                    "The {} is not valid JSON; fix it first.",
                    input.label().trim_end_matches(" JSON")
                )
            })
        };
        let seed = parse_seed(&self.seed)
            .ok_or_else(|| "The seed must be a whole number from 0 to 2^53.".to_owned())?;
        let mut input = json!({
            "cluster": read(Input::Cluster)?,
            "taskDefinition": read(Input::TaskDefinition)?,
            "service": read(Input::Service)?,
            "seed": seed,
        });
        if !self.cloud_map.trim().is_empty() {
            input["cloudMap"] = read(Input::CloudMap)?;
        }
        Ok(input)
    }

    /// Runs `planService` and shapes the result for the page.
    pub fn plan(&self) -> Result<PlanView, String> {
        self.start_plan()?.finish()
    }

    /// Prepares `planService` to run in slices (see `PlanRun`); nothing is placed yet.
    pub fn start_plan(&self) -> Result<PlanRun, String> {
        let mut input = self.plan_input()?;
        let job = PlanServiceJob::new(&input)
            .map_err(|e| e.message)?
            .into_owned();
        let cluster = input
            .get_mut("cluster")
            .map(Value::take)
            .unwrap_or_default();
        Ok(PlanRun { job, cluster })
    }

    /// Puts the Cluster view's instances and their tasks in the cluster input.
    pub fn use_cluster(&mut self, cluster: &Cluster) {
        self.cluster = cluster_text(cluster);
    }
}

/// Tasks placed between two checks of the clock: small enough that a slice overshoots its
/// time by little on the largest clusters (a task there takes tens of microseconds).
const TASKS_PER_CHECK: usize = 16;

/// A plan being made: the `planService` job and the cluster input it runs on (the view shows
/// the capacity before the plan). The page runs it a slice at a time so typing never waits.
pub struct PlanRun {
    job: PlanServiceJob<'static>,
    cluster: Value,
}

impl PlanRun {
    pub fn progress(&self) -> Progress {
        self.job.progress()
    }

    pub fn scales_in(&self) -> bool {
        self.job.scales_in()
    }

    /// Places tasks until the plan is done or `budget_ms` has passed on `now` (milliseconds).
    pub fn run_for(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> Progress {
        let start = now();
        loop {
            let progress = self.job.advance(TASKS_PER_CHECK);
            if progress.is_finished() || now() - start >= budget_ms {
                return progress;
            }
        }
    }

    /// Runs what is left and shapes the plan for the page.
    pub fn finish(self) -> Result<PlanView, String> {
        let plan = self.job.finish().map_err(|e| e.message)?;
        Ok(PlanView::of(plan, self.cluster))
    }
}

/// Where the page's plan job is.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PlanJob {
    #[default]
    Idle,
    /// A job runs on these inputs. `shown` is its progress once its first slice did not finish
    /// it (so a plan that finishes at once never flashes a progress bar), and whether it stops
    /// tasks rather than places them.
    Running {
        on: PlacementInputs,
        shown: Option<(Progress, bool)>,
    },
    /// The user stopped it, or changed the inputs while it ran.
    Cancelled { inputs_changed: bool },
}

impl PlanJob {
    /// The progress to show, if the job has run long enough to show it.
    pub fn shown(&self) -> Option<(Progress, bool)> {
        match self {
            PlanJob::Running { shown, .. } => *shown,
            _ => None,
        }
    }

    /// Whether a job runs on inputs other than `inputs` (they were edited since it started).
    pub fn runs_on_other_than(&self, inputs: &PlacementInputs) -> bool {
        matches!(self, PlanJob::Running { on, .. } if on != inputs)
    }

    /// The line the plan summary shows instead of the last plan's, if any. It does not change
    /// as the job advances, so the live region announces it once.
    pub fn summary(&self, has_plan: bool) -> Option<String> {
        match self {
            PlanJob::Idle | PlanJob::Running { shown: None, .. } => None,
            PlanJob::Running {
                shown: Some((progress, stopping)),
                ..
            } => Some(format!(
                "Planning: {} {}…",
                if *stopping { "stopping" } else { "placing" },
                count(progress.total, "task", "tasks")
            )),
            PlanJob::Cancelled { inputs_changed } => Some(
                match (inputs_changed, has_plan) {
                    (true, _) => "Cancelled: the inputs changed. Press Plan to plan them.",
                    (false, true) => "Cancelled. The plan below is the one from before.",
                    (false, false) => "Cancelled. Press Plan to place the service's tasks.",
                }
                .to_owned(),
            ),
        }
    }
}

/// The progress bar's label: "Placing tasks: 1,200 of 5,000".
pub fn progress_label(progress: Progress, stopping: bool) -> String {
    format!(
        "{} tasks: {} of {}",
        if stopping { "Stopping" } else { "Placing" },
        grouped(progress.done),
        grouped(progress.total)
    )
}

/// The Cluster view's cluster as describe-container-instances output plus its tasks as
/// describe-tasks lists them.
pub fn cluster_text(cluster: &Cluster) -> String {
    let describe = cluster.state.describe();
    let tasks: Vec<Value> = cluster
        .state
        .container_instances
        .iter()
        .flat_map(|ci| {
            ci.tasks.iter().map(|t| {
                json!({
                    "taskArn": t.task_arn,
                    "containerInstanceArn": ci.container_instance_arn,
                    "group": t.group,
                    "lastStatus": super::cluster::task_status(t.last_status),
                })
            })
        })
        .collect();
    pretty(&json!({
        "containerInstances": describe.get("containerInstances").cloned().unwrap_or_default(),
        "tasks": tasks,
    }))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn parse_value(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

fn parse_object(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("The request must be a JSON object.".to_owned()),
        Err(e) => Err(format!(
            "The request is not valid JSON ({e}); fix it in the JSON editor to edit it here."
        )),
    }
}

/// Parses an input: JSON001 for a syntax error, JSON003 for a key given twice.
fn parse_input(text: &str) -> (Option<Value>, Vec<Diagnostic>) {
    match shape::parse_json_with_duplicates(text) {
        Ok((value, duplicates)) => (Some(value), duplicates),
        Err(diagnostic) => (None, vec![diagnostic]),
    }
}

fn check_cluster(text: &str) -> InputCheck {
    let (value, diagnostics) = parse_input(text);
    let Some(value) = value else {
        return InputCheck {
            diagnostics,
            ..InputCheck::default()
        };
    };
    let Some(list) = value.get("containerInstances").unwrap_or(&value).as_array() else {
        return InputCheck::problem(
            diagnostics,
            "Give a list of container instances, or describe-container-instances output ({\"containerInstances\": [...]}).",
        );
    };
    let mut zones: Vec<&str> = Vec::new();
    for (i, instance) in list.iter().enumerate() {
        if instance
            .get("containerInstanceArn")
            .and_then(Value::as_str)
            .is_none()
        {
            return InputCheck::problem(
                diagnostics,
                format!("containerInstances[{i}] has no containerInstanceArn."),
            );
        }
        if let Some(zone) = attribute(instance, "ecs.availability-zone") {
            if !zones.contains(&zone) {
                zones.push(zone);
            }
        }
    }
    let tasks = value
        .get("tasks")
        .and_then(|t| t.get("tasks").unwrap_or(t).as_array())
        .map_or(0, Vec::len);
    let mut summary = format!(
        "{} in {}",
        count(list.len(), "container instance", "container instances"),
        count(zones.len(), "Availability Zone", "Availability Zones")
    );
    if tasks > 0 {
        let _ = write!(summary, ", {} listed", count(tasks, "task", "tasks"));
    }
    summary.push('.');
    InputCheck {
        diagnostics,
        problem: None,
        summary,
    }
}

fn check_task_definition(text: &str) -> InputCheck {
    let (value, diagnostics) = parse_input(text);
    let Some(value) = value else {
        return InputCheck {
            diagnostics,
            ..InputCheck::default()
        };
    };
    let td = match TaskDefinition::from_value(&value) {
        Ok(td) => td,
        Err(e) => return InputCheck::problem(diagnostics, format!("{e}.")),
    };
    let (requirement, mode) = match (td.requirement(), td.network_mode()) {
        (Ok(r), Ok(m)) => (r, m),
        (Err(e), _) | (_, Err(e)) => return InputCheck::problem(diagnostics, format!("{e}.")),
    };
    let summary = format!(
        "{} · {} networking · each task reserves {}.",
        td.default_group().trim_start_matches("family:"),
        mode.as_str(),
        requirement_text(
            requirement.cpu,
            requirement.memory,
            requirement.gpu,
            &ports_text(&requirement.ports)
        )
    );
    InputCheck {
        diagnostics,
        problem: None,
        summary,
    }
}

fn ports_text(ports: &[muster_core::ecs::taskdef::PortNeed]) -> Vec<String> {
    ports
        .iter()
        .map(|p| {
            let host = p.host_port.map_or_else(
                || "a dynamic host port".to_owned(),
                |h| format!("host port {h}"),
            );
            let udp = if p.udp { "/udp" } else { "" };
            format!("{}:{}{udp} on {host}", p.container_name, p.container_port)
        })
        .collect()
}

/// `256 CPU units, 512 MiB and web:8080 on a dynamic host port`.
fn requirement_text(cpu: i64, memory: i64, gpu: i64, ports: &[String]) -> String {
    let mut pieces = vec![
        format!("{} CPU units", grouped(cpu)),
        format!("{} MiB", grouped(memory)),
    ];
    if gpu > 0 {
        pieces.push(count(usize::try_from(gpu).unwrap_or(0), "GPU", "GPUs"));
    }
    pieces.extend(ports.iter().cloned());
    match pieces.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => pieces.join(""),
    }
}

fn check_cloud_map(text: &str) -> InputCheck {
    if text.trim().is_empty() {
        return InputCheck {
            summary: "No Cloud Map service: the plan lists no registrations and no DNS answer."
                .to_owned(),
            ..InputCheck::default()
        };
    }
    let (value, mut diagnostics) = parse_input(text);
    let Some(value) = value else {
        return InputCheck {
            diagnostics,
            ..InputCheck::default()
        };
    };
    let context = match CloudMapContext::from_value(&value) {
        Ok(context) => context,
        Err(e) => {
            return InputCheck::problem(
                diagnostics,
                format!(
                    "{}{}.",
                    e.get(..1).unwrap_or_default().to_ascii_uppercase(),
                    e.get(1..).unwrap_or_default()
                ),
            )
        }
    };
    let unwrap = |key: &str, wrapper: &str| {
        value.get(key).filter(|v| !v.is_null()).map(|v| {
            v.as_object()
                .filter(|o| o.len() == 1)
                .and_then(|o| o.get(wrapper))
                .unwrap_or(v)
                .clone()
        })
    };
    let namespace = unwrap("namespace", "Namespace");
    let service = unwrap("service", "Service");
    // Findings of each, under the member they came from.
    let mut prefixed = |report: Result<Report, CallError>, member: &str| {
        if let Ok(report) = report {
            diagnostics.extend(report.diagnostics.into_iter().map(|mut d| {
                d.path = format!("/{member}{}", d.path);
                d
            }));
        }
    };
    if let Some(namespace) = &namespace {
        prefixed(
            muster_core::validate(Operation::Namespace, namespace, None),
            "namespace",
        );
    }
    if let Some(service) = &service {
        let context = namespace.clone().map(|ns| json!({ "namespace": ns }));
        prefixed(
            muster_core::validate(Operation::Service, service, context.as_ref()),
            "service",
        );
    }
    let summary = match &context.service {
        None => "No service: the plan lists no registrations and no DNS answer.".to_owned(),
        Some(service) => {
            let records: Vec<String> = service
                .record_types()
                .iter()
                .map(|r| r.as_str().to_owned())
                .collect();
            let name = service.name.clone().unwrap_or_default();
            let fqdn = match context.namespace.as_ref().and_then(|n| n.name.clone()) {
                Some(ns) => format!("{name}.{ns}"),
                None => name,
            };
            if records.is_empty() {
                format!("Service {fqdn}, no DNS records.")
            } else {
                format!("Service {fqdn} with {} records.", records.join(" and "))
            }
        }
    };
    InputCheck {
        diagnostics,
        problem: None,
        summary,
    }
}

fn attribute<'a>(instance: &'a Value, name: &str) -> Option<&'a str> {
    instance
        .get("attributes")?
        .as_array()?
        .iter()
        .find(|a| a.get("name").and_then(Value::as_str) == Some(name))?
        .get("value")?
        .as_str()
}

/// Each CreateService diagnostic with its place in the view: the rows of the form, or the
/// request's editor. Errors first.
pub fn place_service(report: &Report, rows: &Rows) -> Vec<(Target, Diagnostic)> {
    let mut placed: Vec<(Target, Diagnostic)> = report
        .diagnostics
        .iter()
        .map(|d| (Target::Placement(service_target(d, rows)), d.clone()))
        .collect();
    placed.sort_by_key(|(_, d)| d.severity);
    placed
}

/// Every diagnostic of an input, on its editor.
pub fn place_input(input: Input, diagnostics: &[Diagnostic]) -> Vec<(Target, Diagnostic)> {
    let mut placed: Vec<(Target, Diagnostic)> = diagnostics
        .iter()
        .map(|d| (Target::Placement(PlTarget::Editor(input)), d.clone()))
        .collect();
    placed.sort_by_key(|(_, d)| d.severity);
    placed
}

/// Maps a CreateService diagnostic's path to a form row, a list, or the editor.
pub fn service_target(diagnostic: &Diagnostic, rows: &Rows) -> PlTarget {
    let editor = PlTarget::Editor(Input::Service);
    let Some(segments) = Pointer::parse_segments(&diagnostic.path) else {
        return editor;
    };
    let Some((first, rest)) = segments.split_first() else {
        return editor;
    };
    let Some(list) = List::of(first) else {
        return editor;
    };
    let Some((index, tail)) = rest.split_first() else {
        return PlTarget::List(list);
    };
    match index.parse::<usize>() {
        Ok(row) if row < rows.list(list).len() => PlTarget::Cell {
            list,
            row,
            column: if tail.first().map(String::as_str) == Some(list.value_member()) {
                Column::Value
            } else {
                Column::Type
            },
        },
        _ => PlTarget::List(list),
    }
}

/// A long list drawn a part at a time: the first `step` items, then `step` more or all of them
/// on request, so a plan of thousands of instances is on screen at once. Counts stay exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub total: usize,
    pub shown: usize,
    pub step: usize,
}

impl Window {
    /// The first `step` of `total`.
    pub fn new(total: usize, step: usize) -> Self {
        let step = step.max(1);
        Self {
            total,
            shown: total.min(step),
            step,
        }
    }

    /// The same list with `shown` items drawn.
    #[must_use]
    pub fn showing(self, shown: usize) -> Self {
        Self {
            shown: shown.min(self.total),
            ..self
        }
    }

    pub fn hidden(self) -> usize {
        self.total - self.shown.min(self.total)
    }

    /// How many "Show more" adds.
    pub fn more(self) -> usize {
        self.hidden().min(self.step)
    }

    /// Whether "Show all" would add more than "Show more" does (otherwise it is left out).
    pub fn offers_all(self) -> bool {
        self.hidden() > self.step
    }

    /// `Showing 48 of 1,667 instances in us-east-1a`; `place` may be empty.
    pub fn status(self, noun: &str, place: &str) -> String {
        let mut text = format!(
            "Showing {} of {} {noun}",
            grouped(self.shown.min(self.total)),
            grouped(self.total)
        );
        if !place.is_empty() {
            let _ = write!(text, " {place}");
        }
        text
    }

    /// The label of the button that shows the next part: `Show 48 more instances`.
    pub fn more_label(self, noun: &str) -> String {
        format!("Show {} more {noun}", grouped(self.more()))
    }

    /// The label of the button that shows the rest: `Show all 1,667 instances`.
    pub fn all_label(self, noun: &str) -> String {
        format!("Show all {} {noun}", grouped(self.total))
    }
}

/// The time a frame that draws more items of a list should take, the wait for the frame
/// included: short enough that scrolling and typing go on.
pub const FRAME_BUDGET_MS: f64 = 100.0;

/// How many items each frame of a "Show all" draws.
///
/// A frame costs a part that grows with the list already drawn (the browser lays out a whole
/// table again when rows are added: at 4,000 rows, 50 more took 100 ms and 200 more hardly
/// longer) plus a part per new item. So parts grow while frames are well within the budget: fast
/// (doubling) while a frame takes under half of it, by half again under three quarters (so a
/// list whose items are what costs ends near the budget, not at one and a half times it). Up to
/// twice the budget the size stays, since smaller parts would pay the list's part in more
/// frames; only a frame over that, where the new items must be what costs, halves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartSizer {
    step: usize,
    part: usize,
}

impl PartSizer {
    /// Starts at `step` items a frame, and never goes below it.
    pub fn new(step: usize) -> Self {
        let step = step.max(1);
        Self { step, part: step }
    }

    /// The items the next frame draws.
    pub fn part(&self) -> usize {
        self.part
    }

    /// Notes that a frame drawing [`Self::part`] items took `took_ms`, and sizes the next one.
    pub fn record(&mut self, took_ms: f64) {
        let part = self.part;
        self.part = if took_ms < FRAME_BUDGET_MS / 2.0 {
            part.saturating_mul(2)
        } else if took_ms < FRAME_BUDGET_MS * 0.75 {
            part.saturating_add(part / 2)
        } else if took_ms > 2.0 * FRAME_BUDGET_MS {
            (part / 2).max(self.step)
        } else {
            part
        };
    }
}

/// One resource of an instance before and after the plan, for a stacked bar: in use before
/// the plan, placed by the plan, free.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// `CPU` or `MEMORY`.
    pub name: &'static str,
    pub unit: &'static str,
    /// registeredResources, or the input's remaining when that is not given.
    pub capacity: i64,
    /// Remaining before the plan (the input's remainingResources).
    pub before: i64,
    /// Remaining after the plan.
    pub after: i64,
}

impl Usage {
    /// Used after the plan: the bar's value.
    pub fn used(&self) -> i64 {
        self.capacity - self.after
    }

    /// Reserved by the plan's tasks.
    pub fn placed(&self) -> i64 {
        self.before - self.after
    }

    /// Percentages of the capacity: in use before the plan, and placed by it (together at most
    /// 100).
    pub fn shares(&self) -> (f64, f64) {
        if self.capacity <= 0 {
            return (0.0, 0.0);
        }
        #[allow(clippy::cast_precision_loss)] // amounts stay far below 2^52
        let share = |n: i64| (n as f64 / self.capacity as f64 * 100.0).clamp(0.0, 100.0);
        let before = share(self.capacity - self.before);
        let placed = share(self.placed()).min(100.0 - before);
        (before, placed.max(0.0))
    }

    /// The shares as CSS widths.
    pub fn widths(&self) -> (String, String) {
        let (before, placed) = self.shares();
        (format!("{before:.1}%"), format!("{placed:.1}%"))
    }

    /// `1,536 of 2,048 units in use (512 by this plan), 512 free`: the bar's text equivalent.
    pub fn text(&self) -> String {
        let mut text = format!(
            "{} of {} {} in use",
            grouped(self.used()),
            grouped(self.capacity),
            self.unit
        );
        if self.placed() != 0 {
            let _ = write!(text, " ({} by this plan)", grouped(self.placed()));
        }
        let _ = write!(text, ", {} free", grouped(self.after));
        text
    }

    /// The short text beside the bar: `512 free of 2,048`.
    pub fn short(&self) -> String {
        format!("{} free of {}", grouped(self.after), grouped(self.capacity))
    }
}

/// A task placed on a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// 1-based, in placement order (the explanation's task number).
    pub number: usize,
    pub task_arn: String,
    pub short: String,
    /// `:49153`, one per host port.
    pub ports: String,
}

/// A container instance after the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub arn: String,
    pub id: String,
    pub short: String,
    pub ec2_instance_id: String,
    pub instance_type: String,
    pub status: String,
    pub agent_connected: bool,
    pub usage: Vec<Usage>,
    /// Static host ports in use (PORTS, then PORTS_UDP).
    pub ports: String,
    pub chips: Vec<Chip>,
}

/// A plan's container instances as the input gave them and as the plan left them. Cards are
/// made from them when drawn: a plan of thousands of instances draws a few dozen.
#[derive(Debug, PartialEq, Eq)]
struct Instances {
    /// The input cluster (describe-container-instances output, or its list).
    before: Value,
    /// The plan's container instances, in input order.
    after: Vec<Value>,
}

impl Instances {
    fn before(&self, index: usize) -> Option<&Value> {
        self.before
            .get("containerInstances")
            .unwrap_or(&self.before)
            .as_array()?
            .get(index)
    }
}

/// One instance of a zone: where its card's data is, and the tasks placed on it.
#[derive(Debug, PartialEq, Eq)]
struct Member {
    after: usize,
    /// Its entry in the input; none when the input did not list it.
    before: Option<usize>,
    chips: Vec<Chip>,
}

/// The instances of a zone, in input order, as cards made on demand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cards {
    instances: Arc<Instances>,
    members: Arc<[Member]>,
}

impl Cards {
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Tasks the plan placed on these instances.
    pub fn tasks(&self) -> usize {
        self.members.iter().map(|m| m.chips.len()).sum()
    }

    /// The card of the `index`th instance.
    pub fn card(&self, index: usize) -> Option<Card> {
        let member = self.members.get(index)?;
        let after = self.instances.after.get(member.after)?;
        let before = member
            .before
            .and_then(|i| self.instances.before(i))
            .unwrap_or(after);
        Some(card(before, after, member.chips.clone()))
    }

    /// Every card, in order.
    pub fn iter(&self) -> impl Iterator<Item = Card> + '_ {
        (0..self.len()).filter_map(|i| self.card(i))
    }
}

/// The instances of one Availability Zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneGroup {
    /// Empty for instances without the attribute.
    pub zone: String,
    pub cards: Cards,
}

impl ZoneGroup {
    pub fn heading(&self) -> String {
        if self.zone.is_empty() {
            "No Availability Zone attribute".to_owned()
        } else {
            self.zone.clone()
        }
    }

    pub fn tasks(&self) -> usize {
        self.cards.tasks()
    }

    /// `2 tasks on 2 instances`.
    pub fn summary(&self) -> String {
        format!(
            "{} placed · {}",
            count(self.tasks(), "task", "tasks"),
            count(self.cards.len(), "instance", "instances")
        )
    }
}

/// Tasks that found no instance, grouped when ECS gives the same answer for several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureView {
    pub count: usize,
    /// The closest instance's ID.
    pub instance: String,
    pub arn: String,
    pub reason: String,
    pub detail: String,
}

/// One instance as one task's placement saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictRow {
    pub short: String,
    pub zone: String,
    /// The rule that removed the instance and its detail.
    pub removed: Option<(String, String)>,
    /// For candidates: the strategy scores, in chain order.
    pub scores: Vec<String>,
    pub chosen: bool,
}

/// One explained task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTable {
    pub task: usize,
    pub summary: String,
    /// Every instance, in input order; the chosen one first when the table is longer than
    /// [`ROWS_FIRST`], so it is among the rows shown.
    pub rows: Arc<[VerdictRow]>,
    /// Whether the chosen instance was moved to the top.
    pub chosen_first: bool,
}

/// The explanation: what a task needs, the rules, the chain and its legend, the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplanationView {
    pub requirement: String,
    pub group: String,
    pub network_mode: String,
    /// `(label, what its score means)`, in chain order.
    pub strategies: Vec<(String, String)>,
    pub default_strategy: bool,
    pub constraints: Vec<String>,
    pub tasks: Vec<TaskTable>,
    pub unexplained: usize,
}

impl ExplanationView {
    /// The line under the tables on the tasks placed but not explained, if any.
    pub fn unexplained_text(&self) -> Option<String> {
        match self.unexplained {
            0 => None,
            1 => Some(
                "1 more task was placed the same way and is not explained one by one.".to_owned(),
            ),
            n => Some(format!(
                "{} more tasks were placed the same way and are not explained one by one.",
                grouped(n)
            )),
        }
    }
}

/// Short column headings for a chain's score columns: `spread(attribute:ecs.availability-zone)`
/// becomes `("spread", "availability-zone")`; the chain above the table names them in full.
pub fn strategy_headings(strategies: &[(String, String)]) -> Vec<(String, String)> {
    strategies
        .iter()
        .enumerate()
        .map(|(i, (label, _))| {
            let (kind, field) = label
                .split_once('(')
                .map_or((label.as_str(), ""), |(k, rest)| {
                    (k, rest.trim_end_matches(')'))
                });
            let field = field
                .strip_prefix("attribute:")
                .map_or(field, |name| name.rsplit('.').next().unwrap_or(name));
            (format!("{}. {kind}", i + 1), field.to_owned())
        })
        .collect()
}

/// What the registrations panel says when there are none: why ECS registers nothing.
pub fn no_registrations_text(inputs: &PlacementInputs, placed: usize) -> &'static str {
    let has_registries = parse_value(&inputs.service).is_some_and(|service| {
        service
            .get("serviceRegistries")
            .and_then(Value::as_array)
            .is_some_and(|list| !list.is_empty())
    });
    if inputs.cloud_map.trim().is_empty() {
        "Add a Cloud Map namespace and service to see the RegisterInstance requests ECS makes for the tasks."
    } else if placed == 0 {
        "No task was placed, so ECS registers nothing."
    } else if !has_registries {
        "The CreateService request has no serviceRegistries, so ECS registers none of its tasks in Cloud Map."
    } else {
        "ECS registers none of the tasks: the Cloud Map input names no service for serviceRegistries."
    }
}

/// One RegisterInstance request ECS would make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationView {
    pub instance_id: String,
    pub address: String,
    pub zone: String,
    pub valid: bool,
    pub simulated_address: bool,
    /// `(code, message)` of each finding.
    pub findings: Vec<(String, String)>,
    pub json: String,
}

/// The plan as the page shows it.
#[derive(Debug, Clone)]
pub struct PlanView {
    /// Whether the CreateService request was valid (the plan runs only then).
    pub valid: bool,
    /// The request's errors when it was not.
    pub diagnostics: Vec<Diagnostic>,
    /// `(code, message)` of the API error ECS would answer instead of placing.
    pub error: Option<(String, String)>,
    pub placed: usize,
    pub unplaced: usize,
    pub zones: Vec<ZoneGroup>,
    pub failures: Arc<[FailureView]>,
    pub events: Arc<[String]>,
    /// Tasks a scale-in stops, as `task on instance`.
    pub stopped: Arc<[String]>,
    pub explanation: Option<ExplanationView>,
    pub registrations: Arc<[RegistrationView]>,
    pub dns: Option<DnsSimulation>,
}

impl PlanView {
    /// Shapes a plan; `cluster` is the input the plan ran on (for the capacity and the
    /// remaining resources before it). Both are kept for the cards, which are made when drawn.
    pub fn of(plan: ServicePlan, cluster: Value) -> Self {
        let mut view = Self {
            valid: plan.valid,
            diagnostics: plan.diagnostics,
            error: None,
            placed: 0,
            unplaced: 0,
            zones: Vec::new(),
            failures: Arc::new([]),
            events: Arc::new([]),
            stopped: Arc::new([]),
            explanation: None,
            registrations: plan.registrations.iter().map(registration_view).collect(),
            dns: plan.dns,
        };
        let Some(mut placement) = plan.placement else {
            return view;
        };
        view.error = placement
            .error
            .as_ref()
            .map(|e| (e.code.to_owned(), e.message.clone()));
        view.placed = placement.tasks.len();
        view.unplaced = placement.failures.len();
        view.failures = failures(&placement).into();
        view.explanation = Some(explanation(&placement));
        view.events = std::mem::take(&mut placement.events).into();
        view.stopped = placement
            .stopped_tasks
            .iter()
            .map(|t| {
                format!(
                    "{} on {}",
                    short_task(&t.task_arn),
                    short_id(&t.container_instance_arn)
                )
            })
            .collect();
        view.zones = zones(placement, cluster);
        view
    }

    /// Container instances in the plan.
    pub fn instances(&self) -> usize {
        self.zones.iter().map(|z| z.cards.len()).sum()
    }

    /// Whether the plan has more instances than a zone shows at first: the page then draws it
    /// in parts.
    pub fn is_large(&self) -> bool {
        self.instances() > CARDS_FIRST
    }

    /// One line on the outcome.
    pub fn summary(&self) -> String {
        if !self.valid {
            let errors = self
                .diagnostics
                .iter()
                .filter(|d| d.severity == muster_core::Severity::Error)
                .count();
            return format!(
                "Not planned: the CreateService request has {}.",
                count(errors, "error", "errors")
            );
        }
        if let Some((code, message)) = &self.error {
            return format!("ECS would refuse: {code}: {message}");
        }
        let zones = self
            .zones
            .iter()
            .filter(|z| z.tasks() > 0 && !z.zone.is_empty())
            .count();
        let mut text = format!(
            "{} placed across {}",
            count(self.placed, "task", "tasks"),
            count(zones, "Availability Zone", "Availability Zones")
        );
        if self.unplaced > 0 {
            let _ = write!(text, ", {} not placed", grouped(self.unplaced));
        }
        if !self.stopped.is_empty() {
            let _ = write!(
                text,
                ", {} stopped",
                count(self.stopped.len(), "task", "tasks")
            );
        }
        text.push('.');
        text
    }
}

fn short_task(arn: &str) -> String {
    short_id(arn).chars().take(SHORT_TASK).collect()
}

/// The instances by zone (zones in name order, instances in input order; instances without a
/// zone last), with the tasks on each. The cards themselves are made when drawn.
fn zones(placement: Plan, cluster: Value) -> Vec<ZoneGroup> {
    let inputs = cluster
        .get("containerInstances")
        .unwrap_or(&cluster)
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    // Indexed once: with thousands of instances and tasks, a search per card would be quadratic.
    let mut input_of: HashMap<&str, usize> = HashMap::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        if let Some(arn) = input.get("containerInstanceArn").and_then(Value::as_str) {
            input_of.entry(arn).or_insert(i);
        }
    }
    let mut tasks_on: HashMap<&str, Vec<Chip>> = HashMap::new();
    for (i, task) in placement.tasks.iter().enumerate() {
        tasks_on
            .entry(task.container_instance_arn.as_str())
            .or_default()
            .push(chip(i, task));
    }
    let mut by_zone: BTreeMap<(bool, String), Vec<Member>> = BTreeMap::new();
    for (index, after) in placement.container_instances.iter().enumerate() {
        let arn = after
            .get("containerInstanceArn")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let zone = attribute(after, "ecs.availability-zone")
            .unwrap_or_default()
            .to_owned();
        by_zone
            .entry((zone.is_empty(), zone))
            .or_default()
            .push(Member {
                after: index,
                before: input_of.get(arn).copied(),
                chips: tasks_on.remove(arn).unwrap_or_default(),
            });
    }
    drop(input_of);
    let instances = Arc::new(Instances {
        before: cluster,
        after: placement.container_instances,
    });
    by_zone
        .into_iter()
        .map(|((_, zone), members)| ZoneGroup {
            zone,
            cards: Cards {
                instances: Arc::clone(&instances),
                members: members.into(),
            },
        })
        .collect()
}

/// A placed task's chip; `index` is its place in the plan.
fn chip(index: usize, task: &PlacedTask) -> Chip {
    Chip {
        number: index + 1,
        task_arn: task.task_arn.clone(),
        short: short_task(&task.task_arn),
        ports: task
            .host_ports
            .iter()
            .map(|p| {
                let udp = if p.protocol == "udp" { "/udp" } else { "" };
                format!(":{}{udp}", p.host_port)
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn resource<'a>(instance: &'a Value, member: &str, name: &str) -> Option<&'a Value> {
    instance
        .get(member)?
        .as_array()?
        .iter()
        .find(|r| r.get("name").and_then(Value::as_str) == Some(name))
}

/// An INTEGER (or LONG) resource's amount, read as the placement engine reads it.
fn amount(resource: Option<&Value>) -> Option<i64> {
    let r = resource?;
    r.get("integerValue")
        .and_then(Value::as_i64)
        .or_else(|| r.get("longValue").and_then(Value::as_i64))
}

/// One instance's card, with the chips of the plan's tasks on it.
fn card(before: &Value, after: &Value, chips: Vec<Chip>) -> Card {
    let arn = after
        .get("containerInstanceArn")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let text = |key: &str| {
        after
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let usage = [("CPU", "CPU units"), ("MEMORY", "MiB")]
        .into_iter()
        .map(|(name, unit)| {
            let remaining_before =
                amount(resource(before, "remainingResources", name)).unwrap_or(0);
            let remaining_after =
                amount(resource(after, "remainingResources", name)).unwrap_or(remaining_before);
            let capacity =
                amount(resource(before, "registeredResources", name)).unwrap_or(remaining_before);
            Usage {
                name,
                unit,
                capacity,
                before: remaining_before,
                after: remaining_after,
            }
        })
        .collect();
    let set = |name: &str| {
        resource(after, "remainingResources", name)
            .and_then(|r| r.get("stringSetValue"))
            .and_then(Value::as_array)
            .map(|ports| {
                ports
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let (tcp, udp) = (set("PORTS"), set("PORTS_UDP"));
    let ports = match (tcp.is_empty(), udp.is_empty()) {
        (true, true) => "none".to_owned(),
        (false, true) => tcp,
        (true, false) => format!("UDP {udp}"),
        (false, false) => format!("{tcp}; UDP {udp}"),
    };
    let id = short_id(arn).to_owned();
    Card {
        arn: arn.to_owned(),
        short: id.chars().take(SHORT_TASK).collect(),
        id,
        ec2_instance_id: text("ec2InstanceId"),
        instance_type: attribute(after, "ecs.instance-type")
            .unwrap_or_default()
            .to_owned(),
        status: after
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("ACTIVE")
            .to_owned(),
        agent_connected: after
            .get("agentConnected")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        usage,
        ports,
        chips,
    }
}

fn failures(placement: &Plan) -> Vec<FailureView> {
    let mut out: Vec<FailureView> = Vec::new();
    for failure in &placement.failures {
        if let Some(last) = out.last_mut() {
            if last.arn == failure.arn
                && last.reason == failure.reason
                && last.detail == failure.detail
            {
                last.count += 1;
                continue;
            }
        }
        out.push(FailureView {
            count: 1,
            instance: short_id(&failure.arn).to_owned(),
            arn: failure.arn.clone(),
            reason: failure.reason.clone(),
            detail: failure.detail.clone(),
        });
    }
    out
}

fn explanation(placement: &Plan) -> ExplanationView {
    let e = &placement.explanation;
    let requirement = &e.requirement;
    let zone_of = |arn: &str| {
        placement
            .container_instances
            .iter()
            .find(|ci| ci.get("containerInstanceArn").and_then(Value::as_str) == Some(arn))
            .and_then(|ci| attribute(ci, "ecs.availability-zone"))
            .unwrap_or_default()
            .to_owned()
    };
    let tasks = e
        .tasks
        .iter()
        .map(|t| {
            let chosen = t.container_instance_arn.as_deref();
            let summary = match chosen {
                Some(arn) => format!(
                    "Task {} → {} ({}) · {} of {}",
                    t.task,
                    short_id(arn).chars().take(SHORT_TASK).collect::<String>(),
                    zone_of(arn),
                    count(t.candidates, "candidate", "candidates"),
                    count(t.instances.len(), "instance", "instances"),
                ),
                None => format!(
                    "Task {} → not placed: no instance passed every rule",
                    t.task
                ),
            };
            let mut rows: Vec<VerdictRow> = t
                .instances
                .iter()
                .map(|v| VerdictRow {
                    short: short_id(&v.container_instance_arn)
                        .chars()
                        .take(SHORT_TASK)
                        .collect(),
                    zone: v.availability_zone.clone().unwrap_or_default(),
                    removed: v
                        .removed_by
                        .clone()
                        .map(|rule| (rule, v.detail.clone().unwrap_or_default())),
                    scores: v.scores.iter().flatten().map(|s| grouped(*s)).collect(),
                    chosen: v.chosen,
                })
                .collect();
            // A long table shows its first rows only: the chosen instance goes first so the
            // answer is among them.
            let chosen_at = rows.iter().position(|r| r.chosen);
            let chosen_first = rows.len() > ROWS_FIRST && chosen_at.is_some_and(|i| i > 0);
            if let Some(i) = chosen_at.filter(|_| chosen_first) {
                rows[..=i].rotate_right(1);
            }
            TaskTable {
                task: t.task,
                summary,
                rows: rows.into(),
                chosen_first,
            }
        })
        .collect();
    ExplanationView {
        requirement: requirement_text(
            requirement.cpu,
            requirement.memory,
            requirement.gpu,
            &ports_text(&requirement.ports),
        ),
        group: e.group.clone(),
        network_mode: e.network_mode.to_owned(),
        strategies: e
            .strategies
            .iter()
            .cloned()
            .zip(e.score_legend.iter().cloned())
            .collect(),
        default_strategy: e.default_strategy,
        constraints: e.constraints.clone(),
        tasks,
        unexplained: e.unexplained_tasks,
    }
}

fn registration_view(r: &api::PlannedRegistration) -> RegistrationView {
    let attributes = r.request.get("Attributes");
    let attr = |key: &str| {
        attributes
            .and_then(|a| a.get(key))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let ip = attr("AWS_INSTANCE_IPV4");
    let port = attr("AWS_INSTANCE_PORT");
    RegistrationView {
        instance_id: r
            .request
            .get("InstanceId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        address: if port.is_empty() {
            ip
        } else {
            format!("{ip}:{port}")
        },
        zone: attr("AVAILABILITY_ZONE"),
        valid: r.valid,
        simulated_address: r.simulated_address,
        findings: r
            .diagnostics
            .iter()
            .map(|d| (d.code.to_owned(), d.message.to_string()))
            .collect(),
        json: pretty(&r.request),
    }
}

// The example: six container instances in three zones of cluster `prod`, a bridge-mode task
// definition with a dynamic host port, service `web` spread over zones then binpacked on memory,
// registered in Cloud Map with an SRV record.

const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod";
const REGISTRY_ARN: &str =
    "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004";

/// `(ID, EC2 ID, zone, type, registered CPU and memory, remaining CPU and memory, IP, tasks)`.
type ExampleInstance = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [i64; 2],
    [i64; 2],
    &'static str,
    i64,
);

const EXAMPLE_INSTANCES: [ExampleInstance; 6] = [
    (
        "1a5e0c2f7b8d4e9a9c3f6b2d8e1a7c41",
        "i-01a5e0c2f7b8d4e9a",
        "us-east-1a",
        "m5.large",
        [2048, 7985],
        [1024, 3072],
        "10.0.1.11",
        3,
    ),
    (
        "2b6f1d3a8c9e4f0b8d4a7c3e9f2b8d52",
        "i-02b6f1d3a8c9e4f0b",
        "us-east-1a",
        "m5.large",
        [2048, 7985],
        [1536, 1536],
        "10.0.1.12",
        4,
    ),
    (
        "3c7a2e4b9d0f4a1c9e5b8d4f0a3c9e63",
        "i-03c7a2e4b9d0f4a1c",
        "us-east-1b",
        "m5.xlarge",
        [4096, 16049],
        [3072, 6144],
        "10.0.2.21",
        2,
    ),
    (
        "4d8b3f5c0e1a4b2d8f6c9e5a1b4d0f74",
        "i-04d8b3f5c0e1a4b2d",
        "us-east-1b",
        "m5.large",
        [2048, 7985],
        [512, 768],
        "10.0.2.22",
        5,
    ),
    (
        "5e9c4a6d1f2b4c3e9a7d0f6b2c5e1a85",
        "i-05e9c4a6d1f2b4c3e",
        "us-east-1c",
        "c5.xlarge",
        [4096, 7985],
        [1792, 4096],
        "10.0.3.31",
        3,
    ),
    (
        "6f0d5b7e2a3c4d4f8b8e1a7c3d6f2b96",
        "i-06f0d5b7e2a3c4d4f",
        "us-east-1c",
        "c5.large",
        [2048, 3953],
        [128, 1024],
        "10.0.3.32",
        6,
    ),
];

fn resources(cpu: i64, memory: i64) -> Value {
    json!([
        {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
        {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
        {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
        {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}
    ])
}

/// describe-container-instances output for the example cluster.
pub fn example_cluster() -> Value {
    let instances: Vec<Value> = EXAMPLE_INSTANCES
        .iter()
        .map(|(id, ec2, zone, kind, registered, remaining, ip, running)| {
            json!({
                "containerInstanceArn": format!("{CLUSTER_ARN}/{id}"),
                "ec2InstanceId": ec2,
                "privateIpAddress": ip,
                "status": "ACTIVE",
                "agentConnected": true,
                "runningTasksCount": running,
                "pendingTasksCount": 0,
                "versionInfo": {"agentVersion": "1.80.0", "dockerVersion": "DockerVersion: 25.0.8"},
                "remainingResources": resources(remaining[0], remaining[1]),
                "registeredResources": resources(registered[0], registered[1]),
                "attributes": [
                    {"name": "ecs.availability-zone", "value": zone},
                    {"name": "ecs.instance-type", "value": kind},
                    {"name": "ecs.os-type", "value": "linux"},
                    {"name": "ecs.cpu-architecture", "value": "x86_64"}
                ]
            })
        })
        .collect();
    json!({"containerInstances": instances, "failures": []})
}

/// describe-task-definition output: one bridge-mode container on a dynamic host port.
pub fn example_task_definition() -> Value {
    json!({"taskDefinition": {
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "family": "web",
        "revision": 3,
        "networkMode": "bridge",
        "requiresCompatibilities": ["EC2"],
        "containerDefinitions": [{
            "name": "web",
            "image": "public.ecr.aws/nginx/nginx:1.27",
            "cpu": 256,
            "memory": 512,
            "essential": true,
            "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp"}]
        }]
    }})
}

/// The CreateService request of the example.
pub fn example_service() -> Value {
    json!({
        "cluster": "prod",
        "serviceName": "web",
        "taskDefinition": "web:3",
        "desiredCount": 6,
        "launchType": "EC2",
        "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}
        ],
        "serviceRegistries": [{
            "registryArn": REGISTRY_ARN,
            "containerName": "web",
            "containerPort": 8080
        }]
    })
}

/// The Cloud Map namespace and service (get-namespace and get-service output).
pub fn example_cloud_map() -> Value {
    json!({
        "namespace": {
            "Id": "ns-e4anhexample0004",
            "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-e4anhexample0004",
            "Name": "prod.local",
            "Type": "DNS_PRIVATE",
            "Properties": {
                "DnsProperties": {"HostedZoneId": "Z06752353VBUDTC32S84S"},
                "HttpProperties": {"HttpName": "prod.local"}
            }
        },
        "service": {
            "Id": "srv-e4anhexample0004",
            "Arn": REGISTRY_ARN,
            "Name": "web",
            "NamespaceId": "ns-e4anhexample0004",
            "DnsConfig": {
                "RoutingPolicy": "MULTIVALUE",
                "DnsRecords": [{"Type": "SRV", "TTL": 60}]
            },
            "HealthCheckCustomConfig": {}
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn part_sizer_grows_fast_while_frames_are_short_then_gently_toward_the_budget() {
        let mut sizer = PartSizer::new(50);
        let mut parts = Vec::new();
        for took in [10.0, 20.0, 40.0, 60.0, 80.0, 120.0, 180.0] {
            parts.push(sizer.part());
            sizer.record(took);
        }
        parts.push(sizer.part());
        assert_eq!(parts, [50, 100, 200, 400, 600, 600, 600, 600]);
    }

    #[test]
    fn part_sizer_halves_only_after_a_frame_over_twice_the_budget_and_never_below_the_first_part() {
        let mut sizer = PartSizer::new(50);
        sizer.record(10.0);
        sizer.record(10.0);
        assert_eq!(sizer.part(), 200);
        sizer.record(150.0);
        assert_eq!(
            sizer.part(),
            200,
            "a frame the list's own layout makes long keeps its size"
        );
        sizer.record(450.0);
        assert_eq!(sizer.part(), 100);
        for _ in 0..5 {
            sizer.record(450.0);
        }
        assert_eq!(sizer.part(), 50);
        // Clock oddities (a step backwards, no time at all) count as short frames.
        sizer.record(-5.0);
        assert_eq!(sizer.part(), 100);
    }

    fn plan(inputs: &PlacementInputs) -> PlanView {
        inputs.plan().unwrap()
    }

    /// Instance short ID → tasks placed on it.
    fn per_instance(view: &PlanView) -> BTreeMap<String, usize> {
        view.zones
            .iter()
            .flat_map(|z| z.cards.iter())
            .map(|c| (c.short.clone(), c.chips.len()))
            .collect()
    }

    #[test]
    fn the_example_is_valid_and_every_input_reads() {
        let inputs = PlacementInputs::default();
        let report = inputs.check_service().unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        for input in [Input::TaskDefinition, Input::Cluster, Input::CloudMap] {
            let check = inputs.check(input);
            assert!(check.is_ok(), "{input:?}: {check:?}");
            assert!(check.diagnostics.is_empty(), "{input:?}: {check:?}");
        }
        assert_eq!(
            inputs.check(Input::Cluster).summary,
            "6 container instances in 3 Availability Zones."
        );
        assert_eq!(
            inputs.check(Input::TaskDefinition).summary,
            "web · bridge networking · each task reserves 256 CPU units, 512 MiB and web:8080 on a dynamic host port."
        );
        assert_eq!(
            inputs.check(Input::CloudMap).summary,
            "Service web.prod.local with SRV records."
        );
    }

    #[test]
    fn the_example_spreads_over_zones_then_binpacks_memory() {
        let view = plan(&PlacementInputs::default());
        assert!(view.valid);
        assert_eq!(view.placed, 6);
        assert_eq!(
            view.summary(),
            "6 tasks placed across 3 Availability Zones."
        );
        let zones: Vec<(&str, usize)> = view
            .zones
            .iter()
            .map(|z| (z.zone.as_str(), z.tasks()))
            .collect();
        assert_eq!(
            zones,
            [("us-east-1a", 2), ("us-east-1b", 2), ("us-east-1c", 2)]
        );
        // Within each zone, the instance with the least memory left that still fits: a2 twice;
        // b2 once (768 MiB, then 256 is too little), then b1; c1 twice (c2 has 128 CPU units).
        let on = per_instance(&view);
        let expected: BTreeMap<String, usize> = [
            ("1a5e0c2f", 0),
            ("2b6f1d3a", 2),
            ("3c7a2e4b", 1),
            ("4d8b3f5c", 1),
            ("5e9c4a6d", 2),
            ("6f0d5b7e", 0),
        ]
        .into_iter()
        .map(|(id, n)| (id.to_owned(), n))
        .collect();
        assert_eq!(on, expected);
        assert!(view.failures.is_empty());
        // Dynamic host ports from 49153.
        let a2 = view.zones[0].cards.card(1).unwrap();
        let chip = &a2.chips[0];
        assert!(chip.ports.starts_with(":491"), "{chip:?}");
        assert_eq!(chip.short.len(), 8);
        // Bars: a2 had 1,536 MiB left of 7,985 and gets 1,024 MiB.
        let memory = a2.usage[1];
        assert_eq!(
            (memory.capacity, memory.before, memory.after),
            (7985, 1536, 512)
        );
        assert_eq!(memory.placed(), 1024);
        assert_eq!(
            memory.text(),
            "7,473 of 7,985 MiB in use (1,024 by this plan), 512 free"
        );
        assert_eq!(memory.short(), "512 free of 7,985");
        let (before, placed) = memory.widths();
        assert_eq!((before.as_str(), placed.as_str()), ("80.8%", "12.8%"));
        assert_eq!(a2.ports, "22, 2375, 2376, 51678, 51679");
    }

    #[test]
    fn the_explanation_tables_show_rules_scores_and_the_choice() {
        let view = plan(&PlacementInputs::default());
        let e = view.explanation.unwrap();
        assert_eq!(e.tasks.len(), 6);
        assert_eq!(e.unexplained, 0);
        assert_eq!(e.group, "service:web");
        assert_eq!(e.strategies.len(), 2);
        assert_eq!(e.strategies[0].0, "spread(attribute:ecs.availability-zone)");
        assert_eq!(
            strategy_headings(&e.strategies),
            [
                ("1. spread".to_owned(), "availability-zone".to_owned()),
                ("2. binpack".to_owned(), "memory".to_owned())
            ]
        );
        assert_eq!(
            strategy_headings(&[("random".to_owned(), String::new())]),
            [("1. random".to_owned(), String::new())]
        );
        assert!(e.strategies[1].1.starts_with("binpack(memory): "));
        assert!(!e.default_strategy);
        assert_eq!(
            e.requirement,
            "256 CPU units, 512 MiB and web:8080 on a dynamic host port"
        );
        // Task 1: the least memory overall wins the tie of empty zones: b2.
        let first = &e.tasks[0];
        assert!(
            first
                .summary
                .starts_with("Task 1 → 4d8b3f5c (us-east-1b) · 5 candidates"),
            "{}",
            first.summary
        );
        let chosen: Vec<&VerdictRow> = first.rows.iter().filter(|r| r.chosen).collect();
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].short, "4d8b3f5c");
        assert_eq!(chosen[0].scores, ["0", "768"]);
        let c2 = first.rows.iter().find(|r| r.short == "6f0d5b7e").unwrap();
        assert_eq!(c2.removed.as_ref().unwrap().0, "RESOURCE:CPU");
        assert!(c2.scores.is_empty());
    }

    #[test]
    fn a_constraint_nothing_matches_fails_with_the_ecs_reason() {
        let mut inputs = PlacementInputs::default();
        inputs.service = apply(&inputs.service, &RowEdit::Add(List::Constraints)).unwrap();
        inputs.service = apply(
            &inputs.service,
            &RowEdit::SetValue(
                List::Constraints,
                0,
                "attribute:ecs.instance-type =~ g4dn.*".into(),
            ),
        )
        .unwrap();
        let view = plan(&inputs);
        assert_eq!(view.placed, 0);
        assert_eq!(view.unplaced, 6);
        assert_eq!(view.failures.len(), 1, "grouped: {:?}", view.failures);
        assert_eq!(view.failures[0].count, 6);
        assert_eq!(
            view.failures[0].reason,
            "MemberOf placement constraint unsatisfied"
        );
        assert!(view.events[0].starts_with("service web was unable to place a task"));
        assert_eq!(
            view.summary(),
            "0 tasks placed across 0 Availability Zones, 6 not placed."
        );
        assert!(view.registrations.is_empty());
        let e = view.explanation.unwrap();
        assert!(e.tasks[0].summary.contains("not placed"));
    }

    #[test]
    fn registrations_and_the_dns_answer_follow_the_placed_tasks() {
        let view = plan(&PlacementInputs::default());
        assert_eq!(view.registrations.len(), 6);
        for r in view.registrations.iter() {
            assert!(r.valid, "{r:?}");
            assert!(!r.simulated_address);
            assert!(r.address.starts_with("10.0."), "{}", r.address);
            assert!(r.json.contains("\"ServiceId\": \"srv-e4anhexample0004\""));
        }
        let dns = view.dns.unwrap();
        assert_eq!(dns.response.answer.len(), 6);
        assert!(dns.dig.contains("SRV"), "{}", dns.dig);
        // Without Cloud Map: no registrations, no DNS.
        let inputs = PlacementInputs {
            cloud_map: String::new(),
            ..PlacementInputs::default()
        };
        let report = inputs.check_service().unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        let view = plan(&inputs);
        assert!(view.registrations.is_empty() && view.dns.is_none());
        assert_eq!(view.placed, 6);
    }

    #[test]
    fn form_rows_follow_the_json_and_edits_write_it_back() {
        let text = PlacementInputs::default().service;
        let rows = Rows::read(&text).unwrap();
        assert_eq!(
            rows.strategies,
            [
                Row {
                    kind: "spread".into(),
                    value: "attribute:ecs.availability-zone".into()
                },
                Row {
                    kind: "binpack".into(),
                    value: "memory".into()
                }
            ]
        );
        assert!(rows.constraints.is_empty());
        // Reorder: binpack first.
        let moved = apply(
            &text,
            &RowEdit::Move {
                list: List::Strategies,
                row: 1,
                up: true,
            },
        )
        .unwrap();
        let value: Value = serde_json::from_str(&moved).unwrap();
        assert_eq!(value["placementStrategy"][0]["type"], "binpack");
        // Other members keep their place.
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys[0], "cluster");
        assert!(apply(
            &text,
            &RowEdit::Move {
                list: List::Strategies,
                row: 0,
                up: true
            }
        )
        .is_err());
        // Type changes fix the field.
        let random = apply(
            &text,
            &RowEdit::SetType(List::Strategies, 1, "random".into()),
        )
        .unwrap();
        let value: Value = serde_json::from_str(&random).unwrap();
        assert_eq!(value["placementStrategy"][1], json!({"type": "random"}));
        let spread = apply(
            &random,
            &RowEdit::SetType(List::Strategies, 1, "binpack".into()),
        )
        .unwrap();
        assert_eq!(Rows::read(&spread).unwrap().strategies[1].value, "memory");
        let spread = apply(
            &text,
            &RowEdit::SetType(List::Strategies, 1, "spread".into()),
        )
        .unwrap();
        assert_eq!(
            Rows::read(&spread).unwrap().strategies[1].value,
            "attribute:ecs.availability-zone"
        );
        // Constraints: add, retype, clear, remove; the list goes when empty.
        let added = apply(&text, &RowEdit::Add(List::Constraints)).unwrap();
        assert_eq!(
            Rows::read(&added).unwrap().constraints[0],
            Row {
                kind: "memberOf".into(),
                value: "attribute:ecs.os-type == linux".into()
            }
        );
        let distinct = apply(
            &added,
            &RowEdit::SetType(List::Constraints, 0, "distinctInstance".into()),
        )
        .unwrap();
        let value: Value = serde_json::from_str(&distinct).unwrap();
        assert_eq!(
            value["placementConstraints"],
            json!([{"type": "distinctInstance"}])
        );
        let cleared = apply(
            &added,
            &RowEdit::SetValue(List::Constraints, 0, String::new()),
        )
        .unwrap();
        let value: Value = serde_json::from_str(&cleared).unwrap();
        assert_eq!(value["placementConstraints"], json!([{"type": "memberOf"}]));
        let removed = apply(&added, &RowEdit::Remove(List::Constraints, 0)).unwrap();
        assert!(!removed.contains("placementConstraints"));
        assert_eq!(removed, text);
        assert!(apply(&text, &RowEdit::Remove(List::Constraints, 0)).is_err());
    }

    #[test]
    fn broken_json_locks_the_form_on_the_last_good_rows() {
        let good = RowsState::read(&PlacementInputs::default().service, None);
        assert!(good.locked.is_none());
        let broken = RowsState::read("{\"placementStrategy\": [", Some(&good));
        assert!(broken.locked.as_deref().unwrap().contains("not valid JSON"));
        assert_eq!(broken.rows, good.rows);
        let not_list = RowsState::read("{\"placementStrategy\": 3}", None);
        assert!(not_list
            .locked
            .unwrap()
            .contains("placementStrategy is not a list"));
        // Odd entries still show as rows; setting their type makes them objects.
        let odd = "{\"placementStrategy\": [3, {\"type\": 5}]}";
        let rows = Rows::read(odd).unwrap();
        assert_eq!(rows.strategies[0], Row::default());
        assert_eq!(rows.strategies[1].kind, "5");
        let fixed = apply(odd, &RowEdit::SetType(List::Strategies, 0, "random".into())).unwrap();
        assert_eq!(Rows::read(&fixed).unwrap().strategies[0].kind, "random");
    }

    #[test]
    fn expression_errors_mark_the_bad_span() {
        assert_eq!(
            expression_error("attribute:ecs.instance-type =~ g4dn.*"),
            None
        );
        assert_eq!(expression_error("  "), None);
        let error = expression_error("attribute:ecs.instance-type == ").unwrap();
        assert!(!error.message.is_empty());
        assert_eq!(
            format!("{}{}{}", error.before, error.bad, error.after),
            "attribute:ecs.instance-type == "
        );
        assert!(error.text().starts_with("Column"), "{}", error.text());
        let error = expression_error("attribute:ecs.instance-type in [a, b").unwrap();
        assert_eq!(
            format!("{}{}{}", error.before, error.bad, error.after),
            "attribute:ecs.instance-type in [a, b"
        );
        let error = expression_error("attribute:ecs.os-type ?? linux").unwrap();
        assert_eq!(error.before, "attribute:ecs.os-type ");
        assert!(error.bad.starts_with('?'), "{error:?}");
        // Columns count characters, not bytes.
        let error = expression_error("attribute:é == ").unwrap();
        assert_eq!(
            format!("{}{}{}", error.before, error.bad, error.after),
            "attribute:é == "
        );
    }

    #[test]
    fn service_findings_land_on_their_row() {
        let mut inputs = PlacementInputs::default();
        inputs.service = apply(&inputs.service, &RowEdit::Add(List::Constraints)).unwrap();
        inputs.service = apply(
            &inputs.service,
            &RowEdit::SetValue(List::Constraints, 0, "attribute:x ==".into()),
        )
        .unwrap();
        inputs.service = apply(
            &inputs.service,
            &RowEdit::SetValue(List::Strategies, 1, "disk".into()),
        )
        .unwrap();
        let report = inputs.check_service().unwrap();
        assert!(!report.valid);
        let rows = Rows::read(&inputs.service).unwrap();
        let placed = place_service(&report, &rows);
        let at = |code: &str| {
            placed
                .iter()
                .find(|(_, d)| d.code == code)
                .map(|(t, _)| *t)
                .unwrap()
        };
        assert_eq!(
            at("PL008"),
            Target::Placement(PlTarget::Cell {
                list: List::Constraints,
                row: 0,
                column: Column::Value
            })
        );
        assert_eq!(
            at("PL004"),
            Target::Placement(PlTarget::Cell {
                list: List::Strategies,
                row: 1,
                column: Column::Value
            })
        );
        // An invalid request is not planned.
        let view = plan(&inputs);
        assert!(!view.valid);
        assert!(
            view.summary().starts_with("Not planned"),
            "{}",
            view.summary()
        );
        // Paths outside the lists go to the editor.
        let d = Diagnostic {
            path: "/desiredCount".into(),
            ..report.diagnostics[0].clone()
        };
        assert_eq!(service_target(&d, &rows), PlTarget::Editor(Input::Service));
        let d = Diagnostic {
            path: "/placementStrategy".into(),
            ..report.diagnostics[0].clone()
        };
        assert_eq!(service_target(&d, &rows), PlTarget::List(List::Strategies));
        let d = Diagnostic {
            path: "/placementStrategy/9/field".into(),
            ..report.diagnostics[0].clone()
        };
        assert_eq!(service_target(&d, &rows), PlTarget::List(List::Strategies));
    }

    #[test]
    fn inputs_report_json_and_shape_problems() {
        let mut inputs = PlacementInputs {
            cluster: "{\"containerInstances\": [".into(),
            ..PlacementInputs::default()
        };
        let check = inputs.check(Input::Cluster);
        assert_eq!(check.diagnostics[0].code, "JSON001");
        assert!(!check.is_ok());
        assert!(inputs
            .plan()
            .unwrap_err()
            .contains("Container instances is not valid JSON"));
        inputs.cluster = "[{\"status\": \"ACTIVE\"}]".into();
        assert_eq!(
            inputs.check(Input::Cluster).problem.unwrap(),
            "containerInstances[0] has no containerInstanceArn."
        );
        inputs.cluster = "{\"a\": 1, \"a\": 2}".into();
        assert_eq!(inputs.check(Input::Cluster).diagnostics[0].code, "JSON003");
        inputs.task_definition = "{\"networkMode\": \"nat\", \"containerDefinitions\": []}".into();
        let check = inputs.check(Input::TaskDefinition);
        assert!(check.problem.unwrap().contains("networkMode"));
        inputs.cloud_map = "{\"servce\": {}}".into();
        assert!(inputs
            .check(Input::CloudMap)
            .problem
            .unwrap()
            .starts_with("Unknown context member"));
        inputs.cloud_map = "{\"service\": {\"Name\": \"web\", \"DnsConfig\": {\"DnsRecords\": [{\"Type\": \"SRV\", \"TTL\": -1}]}}}".into();
        let check = inputs.check(Input::CloudMap);
        assert!(
            check
                .diagnostics
                .iter()
                .any(|d| d.path.starts_with("/service/")),
            "{check:?}"
        );
        inputs.cloud_map = " ".into();
        assert!(inputs.check(Input::CloudMap).is_ok());
        inputs.seed = "x".into();
        assert!(inputs.plan_input().unwrap_err().contains("seed"));
    }

    #[test]
    fn usage_shares_stay_within_the_bar() {
        let usage = Usage {
            name: "CPU",
            unit: "CPU units",
            capacity: 0,
            before: 0,
            after: 0,
        };
        assert_eq!(usage.shares(), (0.0, 0.0));
        // Remaining above the registered amount (odd input): nothing in use.
        let usage = Usage {
            capacity: 100,
            before: 150,
            after: 120,
            ..usage
        };
        let (before, placed) = usage.shares();
        assert!(before >= 0.0 && placed >= 0.0 && before + placed <= 100.0);
        let usage = Usage {
            capacity: 1000,
            before: 500,
            after: -10,
            ..usage
        };
        let (before, placed) = usage.widths();
        assert_eq!((before.as_str(), placed.as_str()), ("50.0%", "50.0%"));
        assert_eq!(usage.short(), "-10 free of 1,000");
    }

    #[test]
    fn targets_have_distinct_ids_and_rows_own_their_cells() {
        let cell = |row, column| PlTarget::Cell {
            list: List::Constraints,
            row,
            column,
        };
        assert_eq!(cell(2, Column::Value).control_id(), "pl-constraint-value-2");
        assert_eq!(cell(2, Column::Type).control_id(), "pl-constraint-type-2");
        assert_eq!(
            cell(2, Column::Value).diagnostics_id(),
            "pl-diagnostics-constraint-2"
        );
        assert!(cell(2, Column::Value).belongs_to(cell(2, Column::Type)));
        assert!(!cell(2, Column::Value).belongs_to(cell(1, Column::Value)));
        assert_eq!(PlTarget::Editor(Input::Cluster).control_id(), "pl-cluster");
        let ids: std::collections::HashSet<String> = Input::ALL
            .into_iter()
            .map(|i| PlTarget::Editor(i).diagnostics_id())
            .collect();
        assert_eq!(ids.len(), 4);
    }

    #[test]
    fn the_cluster_view_becomes_describe_output_with_its_tasks() {
        let mut cluster = Cluster::default();
        let request = crate::state::agent::AgentForm::default()
            .request_text()
            .unwrap();
        cluster.register(&request).unwrap();
        let arn = cluster.arns()[0].clone();
        cluster.add_task(&arn, "service:web").unwrap();
        let mut inputs = PlacementInputs::default();
        inputs.use_cluster(&cluster);
        let value: Value = serde_json::from_str(&inputs.cluster).unwrap();
        assert_eq!(value["containerInstances"].as_array().unwrap().len(), 1);
        assert_eq!(value["tasks"][0]["group"], "service:web");
        assert_eq!(value["tasks"][0]["containerInstanceArn"], arn.as_str());
        assert!(inputs
            .check(Input::Cluster)
            .summary
            .contains("1 task listed"));
        // The service's running task counts: 5 more are placed (all on the one instance).
        let view = plan(&inputs);
        assert_eq!(view.placed, 5, "{:?}", view.failures);
    }

    /// The example's service on `instances` copies of its first instance, asking for `tasks`.
    fn large(instances: usize, tasks: usize) -> PlacementInputs {
        let mut cluster = example_cluster();
        let first = cluster["containerInstances"][0].clone();
        let zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
        cluster["containerInstances"] = (0..instances)
            .map(|i| {
                let mut instance = first.clone();
                instance["containerInstanceArn"] = json!(format!("{CLUSTER_ARN}/{i:032x}"));
                instance["runningTasksCount"] = json!(0);
                instance["attributes"][0]["value"] = json!(zones[i % 3]);
                instance
            })
            .collect();
        let mut service = example_service();
        service["desiredCount"] = json!(tasks);
        PlacementInputs {
            cluster: pretty(&cluster),
            service: pretty(&service),
            ..PlacementInputs::default()
        }
    }

    /// A clock that moves one millisecond each time it is read.
    fn ticking() -> impl Fn() -> f64 {
        let clock = std::cell::Cell::new(0.0);
        move || {
            clock.set(clock.get() + 1.0);
            clock.get()
        }
    }

    #[test]
    fn a_plan_run_in_slices_is_the_plan_of_one_call() {
        let inputs = large(120, 300);
        let whole = plan(&inputs);
        assert_eq!(whole.placed, 300, "{:?}", whole.failures);
        let mut run = inputs.start_plan().unwrap();
        assert_eq!(
            run.progress(),
            Progress {
                done: 0,
                total: 300
            }
        );
        let clock = ticking();
        let mut seen = Vec::new();
        loop {
            let progress = run.run_for(4.0, &clock);
            seen.push(progress.done);
            if progress.is_finished() {
                break;
            }
        }
        assert!(seen.len() > 3, "several slices: {seen:?}");
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
        assert_eq!(seen.last(), Some(&300));
        let sliced = run.finish().unwrap();
        assert_eq!(format!("{sliced:?}"), format!("{whole:?}"));
    }

    #[test]
    fn the_example_finishes_in_its_first_slice() {
        let mut run = PlacementInputs::default().start_plan().unwrap();
        assert!(!run.scales_in());
        // A clock that never moves: the slice ends only because the plan is done.
        let progress = run.run_for(8.0, || 0.0);
        assert_eq!(progress, Progress { done: 6, total: 6 });
        assert_eq!(run.finish().unwrap().placed, 6);
    }

    #[test]
    fn a_plan_that_cannot_start_says_what_to_fix() {
        let inputs = PlacementInputs {
            seed: "x".to_owned(),
            ..PlacementInputs::default()
        };
        assert_eq!(
            inputs.start_plan().err().unwrap(),
            "The seed must be a whole number from 0 to 2^53."
        );
    }

    #[test]
    fn progress_reads_as_counts_and_the_summary_stays_put() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1200), "1,200");
        assert_eq!(grouped(1_234_567), "1,234,567");
        let progress = Progress {
            done: 1200,
            total: 5000,
        };
        assert_eq!(
            progress_label(progress, false),
            "Placing tasks: 1,200 of 5,000"
        );
        assert_eq!(
            progress_label(progress, true),
            "Stopping tasks: 1,200 of 5,000"
        );
        let inputs = PlacementInputs::default();
        let hidden = PlanJob::Running {
            on: inputs.clone(),
            shown: None,
        };
        assert_eq!(hidden.summary(true), None);
        assert_eq!(hidden.shown(), None);
        let running = PlanJob::Running {
            on: inputs.clone(),
            shown: Some((progress, false)),
        };
        let later = PlanJob::Running {
            on: inputs.clone(),
            shown: Some((
                Progress {
                    done: 4000,
                    total: 5000,
                },
                false,
            )),
        };
        assert_eq!(
            running.summary(true).unwrap(),
            "Planning: placing 5,000 tasks…"
        );
        assert_eq!(running.summary(true), later.summary(true));
        assert!(!running.runs_on_other_than(&inputs));
        let edited = PlacementInputs {
            seed: "8".to_owned(),
            ..inputs.clone()
        };
        assert!(running.runs_on_other_than(&edited));
        assert!(!PlanJob::Idle.runs_on_other_than(&edited));
        assert_eq!(
            PlanJob::Cancelled {
                inputs_changed: false
            }
            .summary(true)
            .unwrap(),
            "Cancelled. The plan below is the one from before."
        );
        assert_eq!(
            PlanJob::Cancelled {
                inputs_changed: false
            }
            .summary(false)
            .unwrap(),
            "Cancelled. Press Plan to place the service's tasks."
        );
        assert_eq!(
            PlanJob::Cancelled {
                inputs_changed: true
            }
            .summary(true)
            .unwrap(),
            "Cancelled: the inputs changed. Press Plan to plan them."
        );
    }

    #[test]
    fn a_long_list_shows_its_first_part_then_more_or_all() {
        let first = Window::new(1667, 48);
        assert_eq!((first.shown, first.hidden(), first.more()), (48, 1619, 48));
        assert!(first.offers_all());
        assert_eq!(
            first.status("instances", "in us-east-1a"),
            "Showing 48 of 1,667 instances in us-east-1a"
        );
        assert_eq!(first.more_label("instances"), "Show 48 more instances");
        assert_eq!(first.all_label("instances"), "Show all 1,667 instances");
        // Near the end "Show more" shows the rest and "Show all" is left out.
        let late = first.showing(1640);
        assert_eq!((late.more(), late.offers_all()), (27, false));
        assert_eq!(late.more_label("instances"), "Show 27 more instances");
        assert_eq!(first.showing(5000).hidden(), 0);
        // A short list is shown whole.
        let short = Window::new(6, 48);
        assert_eq!((short.shown, short.hidden(), short.more()), (6, 0, 0));
        assert_eq!(
            Window::new(120, 50).status("registrations", ""),
            "Showing 50 of 120 registrations"
        );
    }

    #[test]
    fn cards_are_made_when_drawn_and_the_counts_stay_exact() {
        let view = plan(&large(300, 120));
        assert_eq!(view.instances(), 300);
        assert!(view.is_large());
        assert!(!plan(&PlacementInputs::default()).is_large());
        assert_eq!(
            view.summary(),
            "120 tasks placed across 3 Availability Zones."
        );
        for zone in &view.zones {
            assert_eq!(zone.cards.len(), 100, "{}", zone.zone);
            assert_eq!(zone.summary(), "40 tasks placed · 100 instances");
            let cards: Vec<Card> = zone.cards.iter().collect();
            assert_eq!(cards.len(), 100);
            assert_eq!(cards.iter().map(|c| c.chips.len()).sum::<usize>(), 40);
            assert_eq!(zone.cards.card(99), cards.last().cloned());
            assert_eq!(zone.cards.card(100), None);
        }
        let numbers: BTreeSet<usize> = view
            .zones
            .iter()
            .flat_map(|z| z.cards.iter())
            .flat_map(|c| c.chips.into_iter().map(|chip| chip.number))
            .collect();
        assert_eq!(numbers, (1..=120).collect());
        // Counts are written with thousands separators.
        assert_eq!(
            large(1200, 1).check(Input::Cluster).summary,
            "1,200 container instances in 3 Availability Zones."
        );
    }

    #[test]
    fn a_long_explanation_table_lists_the_chosen_instance_first() {
        let view = plan(&large(120, 3));
        let e = view.explanation.unwrap();
        for table in &e.tasks {
            assert_eq!(table.rows.len(), 120);
            assert!(table.rows[0].chosen, "task {}", table.task);
            assert_eq!(table.rows.iter().filter(|r| r.chosen).count(), 1);
        }
        assert!(
            e.tasks.iter().any(|t| t.chosen_first),
            "moved at least once"
        );
        assert_eq!(e.unexplained_text(), None);
        // A short table keeps the cluster's order.
        let example = plan(&PlacementInputs::default()).explanation.unwrap();
        assert!(example.tasks.iter().all(|t| !t.chosen_first));
        assert!(!example.tasks[0].rows[0].chosen);
        // The tasks not explained one by one.
        let many = ExplanationView {
            unexplained: 4998,
            ..example.clone()
        };
        assert_eq!(
            many.unexplained_text().as_deref(),
            Some("4,998 more tasks were placed the same way and are not explained one by one.")
        );
        let one = ExplanationView {
            unexplained: 1,
            ..example
        };
        assert_eq!(
            one.unexplained_text().as_deref(),
            Some("1 more task was placed the same way and is not explained one by one.")
        );
    }

    #[test]
    fn the_registrations_panel_says_why_there_are_none() {
        let example = PlacementInputs::default();
        let no_cloud_map = PlacementInputs {
            cloud_map: String::new(),
            ..example.clone()
        };
        assert!(no_registrations_text(&no_cloud_map, 6).starts_with("Add a Cloud Map namespace"));
        assert_eq!(
            no_registrations_text(&example, 0),
            "No task was placed, so ECS registers nothing."
        );
        let mut service = example_service();
        service.as_object_mut().unwrap().remove("serviceRegistries");
        let no_registries = PlacementInputs {
            service: pretty(&service),
            ..example.clone()
        };
        assert!(no_registrations_text(&no_registries, 6).contains("no serviceRegistries"));
        let view = plan(&no_registries);
        assert_eq!((view.placed, view.registrations.len()), (6, 0));
    }
}
