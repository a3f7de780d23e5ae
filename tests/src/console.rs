//! A plain HTTP client for the browser console: it keeps cookies like a browser,
//! never follows redirects (tests look at them), and reads CSRF tokens out of forms.

use std::collections::BTreeMap;

use reqwest::blocking::Client;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::{DEMO_PASSWORD, Server};

/// One console answer.
#[derive(Debug)]
pub struct Page {
    /// Status code.
    pub status: u16,
    /// Headers.
    pub headers: HeaderMap,
    /// Body as text.
    pub body: String,
}

impl Page {
    /// Where a redirect points.
    pub fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// A header's value, or "".
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    /// The value of the first `name="csrf"` field in the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.body.find(marker).expect("a form with a CSRF field") + marker.len();
        let rest = &self.body[start..];
        rest[..rest.find('"').expect("closing quote")].to_string()
    }
}

/// A browser-like session with the console of one server.
pub struct Browser<'a> {
    server: &'a Server,
    client: Client,
    /// Cookies by name.
    pub cookies: BTreeMap<String, String>,
}

impl<'a> Browser<'a> {
    /// A browser with no cookies.
    pub fn new(server: &'a Server) -> Self {
        Self {
            server,
            client: Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, resp: reqwest::blocking::Response) -> Page {
        for v in resp.headers().get_all(SET_COOKIE) {
            let text = v.to_str().expect("cookie text");
            let pair = text.split(';').next().unwrap_or_default();
            if let Some((k, v)) = pair.split_once('=') {
                if v.is_empty() || text.contains("Max-Age=0") {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    /// GET a console path.
    pub fn get(&mut self, path: &str) -> Page {
        let resp = self
            .client
            .get(format!("{}{path}", self.server.url))
            .header("cookie", self.cookie_header())
            .send()
            .expect("console GET");
        self.keep(resp)
    }

    /// GET a console path with extra request headers.
    pub fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut rb = self
            .client
            .get(format!("{}{path}", self.server.url))
            .header("cookie", self.cookie_header());
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let resp = rb.send().expect("console GET");
        self.keep(resp)
    }

    /// POST a form to a console path.
    pub fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Page {
        let resp = self
            .client
            .post(format!("{}{path}", self.server.url))
            .header("cookie", self.cookie_header())
            .form(form)
            .send()
            .expect("console POST");
        self.keep(resp)
    }

    /// POST a multipart form (text fields and one file) to a console path.
    pub fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        file: Vec<u8>,
    ) -> Page {
        let mut form = reqwest::blocking::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            "file",
            reqwest::blocking::multipart::Part::bytes(file).file_name(file_name.to_string()),
        );
        let resp = self
            .client
            .post(format!("{}{path}", self.server.url))
            .header("cookie", self.cookie_header())
            .multipart(form)
            .send()
            .expect("console POST");
        self.keep(resp)
    }

    /// Signs a demo user in through the form; panics unless it succeeds.
    pub fn sign_in(&mut self, username: &str) {
        let form = self.get("/signin");
        assert_eq!(form.status, 200, "{}", form.body);
        let csrf = form.csrf();
        let done = self.post(
            "/signin",
            &[
                ("csrf", &csrf),
                ("username", username),
                ("password", DEMO_PASSWORD),
            ],
        );
        assert_eq!(done.status, 303, "sign in {username}: {}", done.body);
        assert!(self.cookies.contains_key("tm_session"));
    }
}
