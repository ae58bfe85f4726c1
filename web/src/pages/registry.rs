//! Registry & DNS: the service the builder checks against, the instances registered to it, and
//! what Route 53 and DiscoverInstances would answer for them.

use leptos::prelude::*;

use crate::app::Shared;
use crate::components::discover::{DiscoverMemo, DiscoverPanel};
use crate::components::distribution::{DistributionInput, DistributionPanel};
use crate::components::dns_query::{DnsMemo, QueryPanel};
use crate::components::instances::{InstancesPanel, OutcomeMemo};
use crate::components::response_preview::{PreviewMemo, ResponsePreview};
use crate::components::service_editor::ServiceEditor;
use crate::state::simulate::{self, Setup};
use crate::state::{registry, request, ContextForm};

fn always_changed<T>(_: Option<&T>, _: Option<&T>) -> bool {
    true
}

#[component]
pub fn RegistryPage(shared: Shared) -> impl IntoView {
    let Shared {
        text,
        context,
        instances,
        query,
        queries,
        discover,
        ..
    } = shared;
    // The service's Id is the builder's ServiceId, as on the builder page.
    let service_id = Memo::new(move |_| text.with(|t| request::service_id(t)));
    let fqdn = Memo::new(move |_| context.with(ContextForm::fqdn));
    let setup = Memo::new(move |_| {
        let id = service_id.get();
        context.with(|c| instances.with(|l| Setup::new(c, id.as_deref(), l)))
    });
    let outcome: OutcomeMemo = Memo::new(move |_| {
        let id = service_id.get();
        let value = context.with(|c| c.service_context(id.as_deref()));
        instances.with(|l| registry::outcome(l, &value))
    });
    // The core's results have no PartialEq; these memos recompute only when their inputs
    // change, so each new value counts as changed.
    let dns: DnsMemo = Memo::new_with_compare(
        move |_| {
            setup.with(|s| {
                let s = s.as_ref().map_err(Clone::clone)?;
                query
                    .with(|q| simulate::query(s, q, &fqdn.get()))
                    .map_err(|e| e.message)
            })
        },
        always_changed,
    );
    let distribution: DistributionInput = Memo::new(move |_| {
        let n = queries.with(|q| simulate::parse_queries(q))?;
        setup.with(|s| {
            let s = s.as_ref().map_err(Clone::clone)?;
            Ok(query.with(|q| simulate::distribution_input(s, q, &fqdn.get(), n)))
        })
    });
    let asked = Signal::derive(move || {
        let name = query.with(|q| q.name_or(&fqdn.get()));
        format!("{name} {}", query.with(|q| q.record_type))
    });
    let discovered: DiscoverMemo = Memo::new_with_compare(
        move |_| {
            let request = context.with(|c| discover.with(|d| d.request(c)));
            let text = request
                .as_ref()
                .map(|r| serde_json::to_string_pretty(r).unwrap_or_default())
                .map_err(Clone::clone);
            let seed = query.with(|q| q.seed);
            let result = request.and_then(|r| {
                setup.with(|s| {
                    let s = s.as_ref().map_err(Clone::clone)?;
                    simulate::discover(s, &r, seed).map_err(|e| e.message)
                })
            });
            (text, result)
        },
        always_changed,
    );
    let preview: PreviewMemo = Memo::new(move |_| {
        let id = service_id.get();
        let seed = query.with(|q| q.seed);
        context.with(|c| {
            instances.with(|l| text.with(|t| simulate::preview(c, id.as_deref(), l, t, seed)))
        })
    });

    view! {
        <div class="registry" data-testid="registry-page">
            <div class="pane-head registry-head">
                <h1 id="registry-heading">"Registry & DNS"</h1>
                <p class="lede">
                    "Register instances with the service, set their health, and see what Route 53 and DiscoverInstances answer. The builder checks against this same service."
                </p>
            </div>
            <div class="registry-grid">
                <div class="registry-col">
                    <ServiceEditor context=context service_id=service_id/>
                    <InstancesPanel shared=shared outcome=outcome service_id=service_id preview=preview/>
                    <ResponsePreview preview=preview/>
                </div>
                <div class="registry-col">
                    <QueryPanel query=query fqdn=fqdn result=dns/>
                    <DistributionPanel context=context queries=queries input=distribution asked=asked/>
                    <DiscoverPanel form=discover result=discovered/>
                </div>
            </div>
        </div>
    }
}
