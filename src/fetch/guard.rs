//! The paging rules a response must follow, checked page by page.

use std::collections::HashSet;

use serde_json::Value;

use super::{FetchError, OnAnomaly, PagingProblem, PagingWarning, Settings};
use crate::Paging;

/// The state seen on the pages so far: page numbers served, the total, record ids and the
/// number of records kept.
#[derive(Debug, Default)]
pub(crate) struct PageGuard {
    served: HashSet<u32>,
    total: Option<u64>,
    max_total: u64,
    received: u64,
    ids: HashSet<String>,
}

/// A response that passed the checks, with any tolerated problems.
pub(crate) struct Checked {
    pub(crate) data: Vec<Value>,
    pub(crate) warnings: Vec<PagingWarning>,
}

impl PageGuard {
    /// Checks one response for page `requested` of `url`. Records whose `id` was already seen
    /// are dropped when the settings tolerate them.
    pub(crate) fn check(
        &mut self,
        settings: &Settings,
        url: &str,
        requested: u32,
        paging: &Paging,
        data: Vec<Value>,
    ) -> Result<Checked, FetchError> {
        let fail = |problem| FetchError::Paging {
            url: url.to_owned(),
            page: requested,
            problem,
        };
        let mut warnings = Vec::new();
        let mut tolerate = |on: OnAnomaly, problem: PagingProblem| match on {
            OnAnomaly::Fail => Err(fail(problem)),
            OnAnomaly::Warn => {
                warnings.push(PagingWarning {
                    url: url.to_owned(),
                    page: requested,
                    problem,
                });
                Ok(())
            }
        };

        let served = paging.page_number;
        if !self.served.insert(served) {
            return Err(fail(PagingProblem::RepeatedPage {
                page_number: served,
            }));
        }
        if served != requested {
            return Err(fail(PagingProblem::UnexpectedPageNumber {
                requested,
                served,
            }));
        }
        if paging.has_next_page && data.is_empty() {
            return Err(fail(PagingProblem::EmptyPageWithNext));
        }
        if paging.has_next_page && u64::from(served) >= paging.total_number_of_pages {
            return Err(fail(PagingProblem::NextPageBeyondTotal {
                total_pages: paging.total_number_of_pages,
            }));
        }

        let now = paging.total_number_of_records;
        match self.total.replace(now) {
            Some(before) if before != now => {
                tolerate(
                    settings.on_total_change,
                    PagingProblem::TotalChanged { before, now },
                )?;
            }
            _ => {}
        }

        let mut kept = Vec::with_capacity(data.len());
        for record in data {
            let Some(id) = record.get("id").filter(|id| !id.is_null()) else {
                kept.push(record);
                continue;
            };
            let id = id.to_string();
            if self.ids.contains(&id) {
                tolerate(settings.on_duplicate_id, PagingProblem::DuplicateId { id })?;
            } else {
                self.ids.insert(id);
                kept.push(record);
            }
        }

        // A server that pages past its own total, and whose records lack ids, would otherwise be
        // followed until `totalNumberOfPages`, which it may set to any number.
        self.max_total = self.max_total.max(now);
        self.received += kept.len() as u64;
        if self.received > self.max_total {
            return Err(fail(PagingProblem::MoreRecordsThanTotal {
                received: self.received,
                total: self.max_total,
            }));
        }
        Ok(Checked {
            data: kept,
            warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const URL: &str = "http://127.0.0.1:1/v1/x";

    fn problem(result: Result<Checked, FetchError>) -> PagingProblem {
        match result {
            Err(FetchError::Paging { problem, .. }) => problem,
            Err(other) => panic!("expected a paging error, got {other}"),
            Ok(_) => panic!("expected a paging error, got a page"),
        }
    }

    #[test]
    fn accepts_consistent_pages() {
        let settings = Settings::default();
        let mut guard = PageGuard::default();
        let first = guard
            .check(
                &settings,
                URL,
                1,
                &Paging::new(1, 2, 3, None),
                vec![json!({"id": 1}), json!({"id": 2})],
            )
            .unwrap();
        assert_eq!(first.data.len(), 2);
        let last = guard
            .check(
                &settings,
                URL,
                2,
                &Paging::new(2, 2, 3, None),
                vec![json!({"id": 3})],
            )
            .unwrap();
        assert_eq!(last.data.len(), 1);
        assert!(last.warnings.is_empty());
    }

    #[test]
    fn rejects_empty_page_with_next() {
        let mut paging = Paging::new(1, 2, 0, None);
        paging.has_next_page = true;
        let result = PageGuard::default().check(&Settings::default(), URL, 1, &paging, vec![]);
        assert_eq!(problem(result), PagingProblem::EmptyPageWithNext);
    }

    #[test]
    fn rejects_repeated_page() {
        let settings = Settings::default();
        let mut guard = PageGuard::default();
        let paging = Paging::new(1, 1, 3, None);
        guard
            .check(&settings, URL, 1, &paging, vec![json!({"id": 1})])
            .unwrap();
        let result = guard.check(&settings, URL, 2, &paging, vec![json!({"id": 2})]);
        assert_eq!(
            problem(result),
            PagingProblem::RepeatedPage { page_number: 1 }
        );
    }

    #[test]
    fn rejects_unexpected_page_number() {
        let paging = Paging::new(3, 1, 3, None);
        let result =
            PageGuard::default().check(&Settings::default(), URL, 1, &paging, vec![json!(1)]);
        assert_eq!(
            problem(result),
            PagingProblem::UnexpectedPageNumber {
                requested: 1,
                served: 3
            }
        );
    }

    #[test]
    fn rejects_next_page_beyond_total() {
        let mut paging = Paging::new(2, 1, 2, None);
        paging.has_next_page = true;
        let result =
            PageGuard::default().check(&Settings::default(), URL, 2, &paging, vec![json!(1)]);
        assert_eq!(
            problem(result),
            PagingProblem::NextPageBeyondTotal { total_pages: 2 }
        );
    }

    #[test]
    fn rejects_more_records_than_total() {
        let settings = Settings::default();
        let mut guard = PageGuard::default();
        let mut paging = Paging::new(1, 1, 2, None);
        paging.total_number_of_pages = 1000;
        paging.has_next_page = true;
        guard
            .check(&settings, URL, 1, &paging, vec![json!(1)])
            .unwrap();
        paging.page_number = 2;
        guard
            .check(&settings, URL, 2, &paging, vec![json!(2)])
            .unwrap();
        paging.page_number = 3;
        let result = guard.check(&settings, URL, 3, &paging, vec![json!(3)]);
        assert_eq!(
            problem(result),
            PagingProblem::MoreRecordsThanTotal {
                received: 3,
                total: 2
            }
        );
    }

    #[test]
    fn total_change_fails_or_warns() {
        let mut guard = PageGuard::default();
        let settings = Settings::default();
        guard
            .check(
                &settings,
                URL,
                1,
                &Paging::new(1, 1, 3, None),
                vec![json!(1)],
            )
            .unwrap();
        let result = guard.check(
            &settings,
            URL,
            2,
            &Paging::new(2, 1, 4, None),
            vec![json!(2)],
        );
        assert_eq!(
            problem(result),
            PagingProblem::TotalChanged { before: 3, now: 4 }
        );

        let mut guard = PageGuard::default();
        let settings = Settings {
            on_total_change: OnAnomaly::Warn,
            ..Settings::default()
        };
        guard
            .check(
                &settings,
                URL,
                1,
                &Paging::new(1, 1, 3, None),
                vec![json!(1)],
            )
            .unwrap();
        let checked = guard
            .check(
                &settings,
                URL,
                2,
                &Paging::new(2, 1, 4, None),
                vec![json!(2)],
            )
            .unwrap();
        assert_eq!(checked.warnings.len(), 1);
        assert_eq!(
            checked.warnings[0].problem,
            PagingProblem::TotalChanged { before: 3, now: 4 }
        );
    }

    #[test]
    fn duplicate_id_fails_or_is_dropped() {
        let page = || {
            vec![
                json!({"id": "a"}),
                json!({"id": "a"}),
                json!({"name": "no id"}),
            ]
        };
        let result = PageGuard::default().check(
            &Settings::default(),
            URL,
            1,
            &Paging::new(1, 3, 3, None),
            page(),
        );
        assert_eq!(
            problem(result),
            PagingProblem::DuplicateId { id: "\"a\"".into() }
        );

        let settings = Settings {
            on_duplicate_id: OnAnomaly::Warn,
            ..Settings::default()
        };
        let checked = PageGuard::default()
            .check(&settings, URL, 1, &Paging::new(1, 3, 3, None), page())
            .unwrap();
        assert_eq!(
            checked.data,
            vec![json!({"id": "a"}), json!({"name": "no id"})]
        );
        assert_eq!(checked.warnings.len(), 1);
    }
}
