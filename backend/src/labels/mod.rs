//! Label sheets for a stock check: `GET /api/v1/stock-checks/{id}/labels` (and
//! `tracemark labels`, through the same [`export`]) prints a QR label for every
//! location of the check's depot (`tmk:1/loc/<depot>/<location>`) and for every
//! expected line's container (`tmk:1/box/<expected line id>`), in the label scheme of
//! `docs/LABELS.md`, as A4 sheets in SVG or PDF ([`sheet`]).
//!
//! Invariant: only a supervisor of the agency that owns the stock check gets its
//! labels (the owning agency is part of the SQL query); every printed URI is made by
//! the shared `Label` printer, so it reads back as the same label; every export is in
//! the audit log.

pub mod sheet;

use crate::named;
use crate::sql::{Conn, ConnExt, SqlError};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tracemark_shared::domain::{Depot, ExpectedLine, Role, StorageLocation};
use tracemark_shared::marking::label::{ContainerId, Label, LabelCode};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::api::{ApiPath, ApiQuery, ApiResult, AppState, ErrorBody};
use crate::audit::{self, Entry};
use crate::db::StoreError;
use crate::identity::{Caller, Supervisor};
use sheet::LabelSpec;

/// Most labels in one export (about 95 pages).
pub const MAX_LABELS: usize = 2000;

/// The label routes.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(labels))
}

/// Which labels to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// One per storage location.
    Locations,
    /// One per expected line's container.
    Boxes,
    /// Both (default).
    #[default]
    Both,
}

/// Sheet format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    /// One A4 page as SVG (choose it with `page`).
    Svg,
    /// Every page in one PDF (default).
    #[default]
    Pdf,
}

/// The stored body of a stock check, as far as labels need it.
#[derive(Debug, Deserialize)]
struct CheckBody {
    depot: Depot,
    #[serde(default)]
    locations: Vec<StorageLocation>,
    #[serde(default)]
    expected: Vec<ExpectedLine>,
}

fn code(text: &str, what: &str) -> Result<LabelCode, StoreError> {
    LabelCode::new(text).map_err(|e| {
        StoreError::Conflict(format!(
            "the {what} {text:?} cannot be printed on a label ({e}); correct the code first"
        ))
    })
}

/// The labels of a stored stock check, locations first, in stored order.
pub fn specs(body: &Value, what: What) -> Result<Vec<LabelSpec>, StoreError> {
    let body: CheckBody = serde_json::from_value(body.clone())
        .map_err(|e| StoreError::Other(anyhow::anyhow!("stored stock check is unreadable: {e}")))?;
    let depot = code(&body.depot.code, "depot code")?;
    let mut specs = Vec::new();
    if what != What::Boxes {
        for l in &body.locations {
            let label = Label::Location {
                depot: depot.clone(),
                location: code(&l.code, "location code")?,
            };
            specs.push(LabelSpec {
                uri: label.to_string(),
                lines: vec![
                    format!("{} / {}", body.depot.code, l.code),
                    l.description
                        .clone()
                        .unwrap_or_else(|| body.depot.name.clone()),
                ],
            });
        }
    }
    if what != What::Locations {
        for e in &body.expected {
            let label = Label::Container(ContainerId::Uuid(*e.id.as_uuid()));
            let location = body
                .locations
                .iter()
                .find(|l| l.id == e.location_id)
                .map_or("?", |l| l.code.as_str());
            let year = e.lot.year.map(|y| format!(" {y}")).unwrap_or_default();
            specs.push(LabelSpec {
                uri: label.to_string(),
                lines: vec![
                    format!("Lot {} / {}", e.lot.lot, e.lot.calibre),
                    format!(
                        "{}{year} / {} / qty {}",
                        e.lot.manufacturer, location, e.quantity
                    ),
                ],
            });
        }
    }
    if specs.len() > MAX_LABELS {
        return Err(StoreError::Refused(format!(
            "this would print {} labels; at most {MAX_LABELS} at once: print locations and boxes separately",
            specs.len()
        )));
    }
    Ok(specs)
}

/// A rendered sheet.
#[derive(Debug)]
pub struct Export {
    /// The file.
    pub bytes: Vec<u8>,
    /// Its media type.
    pub content_type: &'static str,
    /// Pages in the whole sheet.
    pub pages: usize,
    /// Labels in the whole sheet.
    pub labels: usize,
}

/// The stored body of a stock check of the caller's agency.
fn check_of_agency(c: &impl Conn, caller: &Caller, id: &str) -> Result<Option<Value>, SqlError> {
    c.query_opt(
        "SELECT r.body FROM records r
         WHERE r.id = :id AND r.kind = 'stock_check' AND r.agency_id = :agency",
        named! { ":id": id, ":agency": caller.agency_id },
        |r| r.get::<String>(0),
    )
    .map(|b| b.map(|b| serde_json::from_str(&b).unwrap_or(Value::Null)))
}

/// Reads, audits and renders the labels of stock check `id` for `caller` (a
/// supervisor of the owning agency). `page` (from 1) chooses the SVG page.
pub fn export(
    c: &impl Conn,
    caller: &Caller,
    id: &str,
    what: What,
    format: SheetFormat,
    page: Option<usize>,
) -> Result<Export, StoreError> {
    caller.require(&[Role::Supervisor], "only a supervisor can print labels")?;
    crate::sql::in_write(c, |tx| {
        let body = check_of_agency(&tx, caller, id)?.ok_or(StoreError::NotFound("stock check"))?;
        let specs = specs(&body, what)?;
        let pages = sheet::pages(&specs).map_err(|e| StoreError::Conflict(e.to_string()))?;
        let (bytes, content_type) = match format {
            SheetFormat::Pdf => (sheet::pdf(&pages), "application/pdf"),
            SheetFormat::Svg => {
                let n = page.unwrap_or(1);
                let one = n
                    .checked_sub(1)
                    .and_then(|i| pages.get(i))
                    .map(Vec::as_slice);
                let one = match (one, pages.is_empty(), n) {
                    (Some(p), _, _) => p,
                    (None, true, 1) => &[][..],
                    _ => {
                        return Err(StoreError::Refused(format!(
                            "page must be between 1 and {}",
                            pages.len().max(1)
                        )));
                    }
                };
                (sheet::svg(one).into_bytes(), "image/svg+xml")
            }
        };
        audit::append(
            &tx,
            &Entry {
                actor: caller.actor(),
                action: "export_labels",
                subject: id,
                detail: json!({ "labels": specs.len(), "what": format!("{what:?}").to_lowercase(),
                            "format": format!("{format:?}").to_lowercase() }),
            },
        )?;
        Ok(Export {
            bytes,
            content_type,
            pages: pages.len().max(1),
            labels: specs.len(),
        })
    })
}

/// Label sheet parameters.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct LabelQuery {
    /// `pdf` (default, every page) or `svg` (one page).
    #[param(value_type = Option<String>)]
    #[serde(default)]
    format: SheetFormat,
    /// `locations`, `boxes` or `both` (default).
    #[param(value_type = Option<String>)]
    #[serde(default)]
    what: What,
    /// With `svg`: which page, from 1 (default 1); `X-Label-Pages` says how many.
    page: Option<usize>,
}

#[utoipa::path(get, path = "/api/v1/stock-checks/{id}/labels", tag = "review", security(("bearer" = [])),
    params(("id" = String, Path, description = "stock check id"), LabelQuery),
    responses((status = 200, description = "A4 label sheets", content_type = "application/pdf"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, description = "no stock check of the caller's agency has this id", body = ErrorBody),
              (status = 409, description = "a stored code cannot be printed as a label", body = ErrorBody)))]
async fn labels(
    State(state): State<AppState>,
    Supervisor(caller): Supervisor,
    ApiPath(id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LabelQuery>,
) -> ApiResult<Response> {
    let out = state
        .db
        .on_writer(move |c| export(c, &caller, &id, q.what, q.format, q.page))
        .await?;
    let filename = match q.format {
        SheetFormat::Pdf => "attachment; filename=\"labels.pdf\"",
        SheetFormat::Svg => "inline; filename=\"labels.svg\"",
    };
    Ok((
        [
            (header::CONTENT_TYPE, out.content_type.to_string()),
            (header::CONTENT_DISPOSITION, filename.to_string()),
            (
                header::HeaderName::from_static("x-label-pages"),
                out.pages.to_string(),
            ),
            (
                header::HeaderName::from_static("x-label-count"),
                out.labels.to_string(),
            ),
        ],
        out.bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> Value {
        json!({
            "stock_check": {},
            "depot": { "id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "agency_id": "67e55044-10b1-426f-9247-bb680e5fe0c9",
                       "code": "Депо 1", "name": "Central" },
            "locations": [
                { "id": "67e55044-10b1-426f-9247-bb680e5fe0c1", "depot_id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
                  "code": "B1/R1", "description": null },
            ],
            "expected": [
                { "id": "67e55044-10b1-426f-9247-bb680e5fe0c2", "stock_check_id": "67e55044-10b1-426f-9247-bb680e5fe0c3",
                  "location_id": "67e55044-10b1-426f-9247-bb680e5fe0c1",
                  "lot": { "manufacturer": "17", "calibre": "7.62x39mm", "year": 1985, "lot": "17-85-0412",
                           "sub_lot": null, "nsn": null, "dodic": null },
                  "quantity": 12000 },
            ],
        })
    }

    #[test]
    fn labels_use_the_shared_scheme_and_read_back() {
        let all = specs(&body(), What::Both).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].uri, "tmk:1/loc/%D0%94%D0%B5%D0%BF%D0%BE%201/B1%2FR1");
        assert_eq!(all[0].lines, ["Депо 1 / B1/R1", "Central"]);
        assert_eq!(all[1].uri, "tmk:1/box/67e55044-10b1-426f-9247-bb680e5fe0c2");
        assert_eq!(all[1].lines[1], "17 1985 / B1/R1 / qty 12000");
        for s in &all {
            assert_eq!(Label::parse(&s.uri).unwrap().to_string(), s.uri);
        }
        assert_eq!(specs(&body(), What::Locations).unwrap().len(), 1);
        assert_eq!(specs(&body(), What::Boxes).unwrap().len(), 1);
    }

    #[test]
    fn a_code_that_is_no_label_code_is_a_clear_error() {
        let mut b = body();
        b["locations"][0]["code"] = json!(" padded ");
        match specs(&b, What::Locations) {
            Err(StoreError::Conflict(m)) => assert!(m.contains("location code"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
