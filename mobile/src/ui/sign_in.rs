//! First start: the server address, the user's login and a name for this device.
//! Signing in enrols the device; after that the app works offline.

use dioxus::prelude::*;
use tracemark_shared::domain::Platform;

use super::{AppCore, Screen, Ui};

/// The platform this build runs on.
pub fn platform() -> Platform {
    if cfg!(target_os = "android") {
        Platform::Android
    } else if cfg!(target_os = "ios") {
        Platform::Ios
    } else {
        Platform::Desktop
    }
}

/// The sign-in screen.
#[component]
pub fn SignIn() -> Element {
    let core = use_context::<AppCore>();
    let ui = use_context::<Ui>();
    let mut server = use_signal(|| "http://127.0.0.1:8080".to_string());
    let mut username = use_signal(String::new);
    let mut password = use_signal(String::new);
    let mut device = use_signal(|| "Field tablet".to_string());
    let mut busy = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    let engine = core.engine.clone();
    let submit = move |e: FormEvent| {
        e.prevent_default();
        let Some(engine) = engine.clone() else { return };
        busy.set(true);
        error.set(None);
        spawn(async move {
            let result = engine
                .sign_in(
                    &server(),
                    username().trim(),
                    &password(),
                    device().trim(),
                    platform(),
                )
                .await;
            busy.set(false);
            match result {
                Ok(_) => {
                    password.set(String::new());
                    let mut screen = ui.screen;
                    screen.set(Screen::Home);
                    engine.sync_now();
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    rsx! {
        div { class: "card",
            h2 { {ui.t("sign-in-title")} }
            form { onsubmit: submit,
                label { r#for: "server", {ui.t("server-url")} }
                input { id: "server", r#type: "url", initial_value: server(), oninput: move |e| server.set(e.value()) }
                label { r#for: "username", {ui.t("username")} }
                input { id: "username", autocomplete: "username", initial_value: username(), oninput: move |e| username.set(e.value()) }
                label { r#for: "password", {ui.t("password")} }
                input { id: "password", r#type: "password", autocomplete: "current-password", initial_value: password(), oninput: move |e| password.set(e.value()) }
                label { r#for: "device", {ui.t("device-name")} }
                input { id: "device", initial_value: device(), oninput: move |e| device.set(e.value()) }
                if let Some(err) = error() {
                    p { class: "error", role: "alert", {err} }
                }
                div { class: "actions",
                    button { r#type: "submit", disabled: busy() || username().trim().is_empty(),
                        if busy() { {ui.t("signing-in")} } else { {ui.t("sign-in")} }
                    }
                }
            }
        }
    }
}
