//! Headless tests of the supervisor screens: the app rendered by Dioxus SSR with a
//! supervisor's (or a field user's) session, and the screens' views with the answers a
//! server gives, in each state a supervisor meets — loading, offline, an empty queue,
//! a queue with a record, a report with withheld numbers, a reconciliation, an import
//! check with row errors, a trace with holders, access requests, Arabic.
//!
//! [`render_view`] renders one view with the app's contexts, as a screen renders it.

mod review;
mod work;

use std::rc::Rc;

use dioxus::prelude::*;

use crate::i18n::Locale;
use crate::ui::testing::fixture_as;
use crate::ui::{Screen, Ui};

/// A view rendered with the app's UI context, as a screen would render it.
#[derive(Clone)]
struct View(Rc<dyn Fn() -> Element>);

impl PartialEq for View {
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Props, Clone, PartialEq)]
struct HarnessProps {
    locale: Locale,
    view: View,
}

#[allow(non_snake_case)]
fn Harness(p: HarnessProps) -> Element {
    use_context_provider(|| Ui {
        screen: Signal::new(Screen::Review),
        locale: Signal::new(p.locale),
        revision: Signal::new(0),
    });
    let f = fixture_as(true, "supervisor");
    use_context_provider(|| crate::ui::AppCore {
        engine: Some(f.engine.clone()),
        open_error: None,
        autosync: false,
        locale: p.locale,
        start: None,
        device: std::sync::Arc::new(crate::core::PlatformDevice),
    });
    rsx! { div { dir: p.locale.dir(), lang: p.locale.tag(), {(p.view.0)()} } }
}

pub(super) fn render_view(locale: Locale, view: impl Fn() -> Element + 'static) -> String {
    let mut vdom = VirtualDom::new_with_props(
        Harness,
        HarnessProps {
            locale,
            view: View(Rc::new(view)),
        },
    );
    vdom.rebuild_in_place();
    dioxus_ssr::render(&vdom)
}
