//! The page stream: fetch a page, check it, decide whether to follow `hasNextPage`.

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::guard::PageGuard;
use super::request::get_body;
use super::{Client, FetchError, PagingWarning};
use crate::{Page, Paging, Query};

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, FetchError>> + Send>>;

/// The pages of one query, from [`Client::pages`]: a stream of [`Page`]s that ends after the
/// last page, at a limit of the settings, or after the first error.
pub struct Pages<T = Value> {
    stream: BoxStream<Page<T>>,
    warnings: Arc<Mutex<Vec<PagingWarning>>>,
}

/// The records of one query, from [`Client::records`]: every record of every page, in order.
pub struct Records<T = Value> {
    stream: BoxStream<T>,
    warnings: Arc<Mutex<Vec<PagingWarning>>>,
}

/// The response body as received, before its records are read as `T`.
#[derive(serde::Deserialize)]
struct RawPage {
    data: Vec<Value>,
    paging: Paging,
}

/// The state of the stream between two pages.
struct Cursor<T> {
    client: Client,
    path: String,
    query: Query,
    next_page: Option<u32>,
    pages_fetched: u32,
    records_returned: u64,
    guard: PageGuard,
    warnings: Arc<Mutex<Vec<PagingWarning>>>,
    records: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Send + 'static> Pages<T> {
    pub(crate) fn new(client: Client, path: &str, query: &Query) -> Pages<T> {
        let warnings = Arc::new(Mutex::new(Vec::new()));
        let cursor = Cursor::<T> {
            client,
            path: path.to_owned(),
            query: query.clone(),
            next_page: Some(query.page_number_or_default()),
            pages_fetched: 0,
            records_returned: 0,
            guard: PageGuard::default(),
            warnings: Arc::clone(&warnings),
            records: PhantomData,
        };
        let stream = stream::unfold(cursor, |mut cursor| async move {
            let item = cursor.next().await?;
            Some((item, cursor))
        });
        Pages {
            stream: Box::pin(stream),
            warnings,
        }
    }

    /// Flattens the pages into their records.
    pub fn into_records(self) -> Records<T> {
        let warnings = Arc::clone(&self.warnings);
        let stream = self.flat_map(|page| match page {
            Ok(page) => stream::iter(page.data.into_iter().map(Ok)).left_stream(),
            Err(error) => stream::iter(vec![Err(error)]).right_stream(),
        });
        Records {
            stream: Box::pin(stream),
            warnings,
        }
    }
}

impl<T> Pages<T> {
    /// Returns the paging problems tolerated so far, as [`OnAnomaly::Warn`](super::OnAnomaly)
    /// allows.
    pub fn warnings(&self) -> Vec<PagingWarning> {
        self.warnings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<T> Records<T> {
    /// Returns the paging problems tolerated so far.
    pub fn warnings(&self) -> Vec<PagingWarning> {
        self.warnings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<T> Stream for Pages<T> {
    type Item = Result<Page<T>, FetchError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}

impl<T> Stream for Records<T> {
    type Item = Result<T, FetchError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<T> std::fmt::Debug for Records<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records").finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> Cursor<T> {
    /// Fetches the next page, or returns `None` when paging is over. After an error there is
    /// no next page.
    async fn next(&mut self) -> Option<Result<Page<T>, FetchError>> {
        let page_number = self.next_page.take()?;
        let settings = self.client.settings();
        if settings
            .max_pages
            .is_some_and(|max| self.pages_fetched >= max)
            || settings
                .max_records
                .is_some_and(|max| self.records_returned >= max)
        {
            return None;
        }
        Some(self.fetch(page_number).await)
    }

    async fn fetch(&mut self, page_number: u32) -> Result<Page<T>, FetchError> {
        let url = self.client.page_url(&self.path, &self.query, page_number);
        let body = get_body(&self.client.inner, &url, page_number).await?;
        let invalid = |message: String| FetchError::InvalidBody {
            url: url.clone(),
            page: page_number,
            message,
        };
        let raw: RawPage = serde_json::from_slice(&body)
            .map_err(|error| invalid(format!("not a response page: {error}")))?;

        let settings = self.client.settings();
        let checked = self
            .guard
            .check(settings, &url, page_number, &raw.paging, raw.data)?;
        for warning in &checked.warnings {
            tracing::warn!(url, page = page_number, problem = %warning.problem, "paging problem");
        }
        self.warnings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(checked.warnings);

        let mut data = checked.data;
        if let Some(max) = settings.max_records {
            let room = max.saturating_sub(self.records_returned);
            data.truncate(usize::try_from(room).unwrap_or(usize::MAX));
        }
        let records = data
            .into_iter()
            .enumerate()
            .map(|(index, record)| {
                serde_json::from_value(record)
                    .map_err(|error| invalid(format!("record {index}: {error}")))
            })
            .collect::<Result<Vec<T>, FetchError>>()?;

        self.pages_fetched += 1;
        self.records_returned += records.len() as u64;
        if raw.paging.has_next_page {
            self.next_page = page_number.checked_add(1);
        }
        tracing::debug!(
            url,
            page = page_number,
            records = records.len(),
            has_next_page = raw.paging.has_next_page,
            "fetched page"
        );
        Ok(Page {
            data: records,
            paging: raw.paging,
        })
    }
}
