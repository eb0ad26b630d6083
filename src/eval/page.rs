//! The response page: one page of records and the paging facts about it.

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Compiled;

/// One page of results in the API's response shape: `{"data":[...],"paging":{...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The records of the requested page, in order.
    pub data: Vec<T>,
    /// The position of the page among all matching records.
    pub paging: Paging,
}

/// The `paging` object of a response page.
///
/// Deserializing requires every member except `sortingCriteria`, `hasPreviousPage` and
/// `hasMore`, which default to null, false and false.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// The page returned, from 1.
    pub page_number: u32,
    /// The requested page size; `data` may hold fewer on the last page.
    pub page_size: u32,
    /// How many records matched in all.
    pub total_number_of_records: u64,
    /// `ceil(totalNumberOfRecords / pageSize)`, 0 when nothing matched.
    pub total_number_of_pages: u64,
    /// Whether a page follows this one.
    pub has_next_page: bool,
    /// Whether this is not the first page.
    #[serde(default)]
    pub has_previous_page: bool,
    /// The sort keys with explicit signs (`-country,+createdAt`), or null without sort.
    #[serde(default)]
    pub sorting_criteria: Option<String>,
    /// The same as `hasNextPage`.
    #[serde(default)]
    pub has_more: bool,
}

impl Paging {
    /// Works out the paging facts for `total` matching records.
    pub fn new(
        page_number: u32,
        page_size: u32,
        total: u64,
        sorting_criteria: Option<String>,
    ) -> Paging {
        let total_pages = total.div_ceil(u64::from(page_size.max(1)));
        let has_next_page = u64::from(page_number) < total_pages;
        Paging {
            page_number,
            page_size,
            total_number_of_records: total,
            total_number_of_pages: total_pages,
            has_next_page,
            has_previous_page: page_number > 1,
            sorting_criteria,
            has_more: has_next_page,
        }
    }
}

/// Builds a [`Page`] from records given one at a time, from [`Compiled::collector`].
#[derive(Debug)]
pub struct PageCollector<'c, T> {
    compiled: &'c Compiled,
    /// Index of the first record of the page among the matches.
    first: u64,
    /// Index one past the last record of the page among the matches.
    end: u64,
    matched: u64,
    kept: Vec<T>,
}

impl<'c, T: Borrow<Value>> PageCollector<'c, T> {
    pub(super) fn new(compiled: &'c Compiled) -> PageCollector<'c, T> {
        let size = u64::from(compiled.page_size);
        // At most (2^31 - 1) * (2^32 - 1), which fits in u64. A page number of 0, possible only
        // in a query built by hand, reads as page 1.
        let first = u64::from(compiled.page_number.saturating_sub(1)).saturating_mul(size);
        PageCollector {
            compiled,
            first,
            end: first.saturating_add(size),
            matched: 0,
            kept: Vec::new(),
        }
    }

    /// Offers one record: it is kept when it matches and may belong to the page.
    pub fn push(&mut self, record: T) {
        if self.compiled.matches(record.borrow()) {
            self.push_matched(record);
        }
    }

    /// Counts a record already known to match, and keeps it when it may belong to the page.
    pub(super) fn push_matched(&mut self, record: T) {
        if self.compiled.has_sort() || (self.first..self.end).contains(&self.matched) {
            self.kept.push(record);
        }
        self.matched += 1;
    }

    /// How many records matched so far.
    pub fn matched(&self) -> u64 {
        self.matched
    }

    /// Sorts what it kept, if the query sorts, and returns the page.
    pub fn finish(mut self) -> Page<T> {
        let compiled = self.compiled;
        if compiled.has_sort() {
            compiled.sort(&mut self.kept);
            let first = usize::try_from(self.first)
                .unwrap_or(usize::MAX)
                .min(self.kept.len());
            let end = usize::try_from(self.end)
                .unwrap_or(usize::MAX)
                .min(self.kept.len());
            self.kept.truncate(end);
            self.kept.drain(..first);
        }
        Page {
            data: self.kept,
            paging: Paging::new(
                compiled.page_number,
                compiled.page_size,
                self.matched,
                compiled.sorting_criteria.clone(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_facts() {
        let paging = Paging::new(2, 25, 51, None);
        assert_eq!(paging.total_number_of_pages, 3);
        assert!(paging.has_next_page);
        assert!(paging.has_more);
        assert!(paging.has_previous_page);
        let last = Paging::new(3, 25, 51, None);
        assert!(!last.has_next_page);
    }

    #[test]
    fn no_records_means_no_pages() {
        let paging = Paging::new(1, 20, 0, None);
        assert_eq!(paging.total_number_of_pages, 0);
        assert!(!paging.has_next_page);
        assert!(!paging.has_previous_page);
    }

    #[test]
    fn paging_reads_back() {
        let paging = Paging::new(2, 25, 51, Some("-a".into()));
        let text = serde_json::to_string(&paging).unwrap();
        let read: Paging = serde_json::from_str(&text).unwrap();
        assert_eq!(read, paging);
    }

    #[test]
    fn paging_optional_members_default() {
        let text = r#"{"pageNumber":1,"pageSize":20,"totalNumberOfRecords":0,"totalNumberOfPages":0,"hasNextPage":false}"#;
        let read: Paging = serde_json::from_str(text).unwrap();
        assert_eq!(read, Paging::new(1, 20, 0, None));
    }

    #[test]
    fn paging_serializes_in_camel_case() {
        let text = serde_json::to_string(&Paging::new(1, 20, 0, Some("-a".into()))).unwrap();
        assert_eq!(
            text,
            r#"{"pageNumber":1,"pageSize":20,"totalNumberOfRecords":0,"totalNumberOfPages":0,"hasNextPage":false,"hasPreviousPage":false,"sortingCriteria":"-a","hasMore":false}"#
        );
    }
}
