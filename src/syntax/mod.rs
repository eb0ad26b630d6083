//! Parsing: the query string into parameters, each parameter into conditions, sort and paging.

mod advanced;
pub(crate) use advanced::{is_bare_field, is_blank};
mod decode;
mod fast_path;
mod field;
pub(crate) mod grammar;
mod hints;
mod parameters;
mod sort;
pub(crate) use sort::MAX_PAGE_NUMBER;

use crate::ast::{Condition, Expr, ParameterRef, PassThrough, Query, Syntax};
use crate::error::{excerpt, Error, ErrorKind, Span};

use decode::{form_decode, Located};
use parameters::{for_each_parameter, RawParameter};

/// Limits and pass-through parameters for parsing, built by value:
///
/// ```
/// use inperium_filter::ParseOptions;
///
/// let options = ParseOptions::new()
///     .with_max_depth(8)
///     .with_pass_through(["objectType"]);
/// let query = options.parse_query("objectType=Products&name=Harp")?;
/// assert_eq!(query.pass_through[0].value, "Products");
/// # Ok::<(), inperium_filter::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParseOptions {
    max_depth: usize,
    max_input_len: usize,
    max_list_items: usize,
    max_page_size: u32,
    pass_through: Vec<String>,
    not: bool,
    fast_path: bool,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            max_depth: 64,
            max_input_len: 64 * 1024,
            max_list_items: 1000,
            max_page_size: 100,
            pass_through: Vec::new(),
            not: false,
            fast_path: true,
        }
    }
}

impl ParseOptions {
    /// The largest nesting depth that [`ParseOptions::with_max_depth`] accepts. Parsing,
    /// evaluation and printing recurse once per level, and at 256 levels they fit in a 2 MiB
    /// thread stack (Rust's default for spawned threads) in debug and release builds, measured
    /// with Rust 1.95 on x86_64.
    pub const DEPTH_CEILING: usize = 256;

    /// Creates the default options: depth 64, input 64 KiB, 1000 list items, page size at most
    /// 100, no pass-through parameters.
    pub fn new() -> ParseOptions {
        ParseOptions::default()
    }

    /// Sets how deep expressions may nest. The top-level expression is level 1 and each group
    /// adds one. Values above [`ParseOptions::DEPTH_CEILING`] are lowered to it.
    pub fn with_max_depth(mut self, levels: usize) -> ParseOptions {
        self.max_depth = levels.min(ParseOptions::DEPTH_CEILING);
        self
    }

    /// Sets the maximum length of the raw query string or expression, in bytes.
    pub fn with_max_input_len(mut self, bytes: usize) -> ParseOptions {
        self.max_input_len = bytes;
        self
    }

    /// Sets the maximum number of values in one `in` or `nin` list.
    pub fn with_max_list_items(mut self, items: usize) -> ParseOptions {
        self.max_list_items = items;
        self
    }

    /// Sets the largest `pageSize` accepted, at least 1 (0 is raised to 1). A maximum below
    /// [`Query::DEFAULT_PAGE_SIZE`] also becomes the page size of queries that give none.
    pub fn with_max_page_size(mut self, records: u32) -> ParseOptions {
        self.max_page_size = records.max(1);
        self
    }

    /// Declares parameter names that are kept as [`PassThrough`] parameters instead of being read
    /// as field conditions.
    pub fn with_pass_through<I, S>(mut self, names: I) -> ParseOptions
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.pass_through.extend(names.into_iter().map(Into::into));
        self
    }

    /// Enables `NOT(expr)`, an extension of the advanced syntax that is off by default. A query
    /// that uses it is evaluated with SQL's three-valued logic, so that `NOT(eq(a,1))` is false
    /// on a record where `a` is null, as it is in a database.
    pub fn with_not(mut self, enabled: bool) -> ParseOptions {
        self.not = enabled;
        self
    }

    /// Sets whether well-formed text is read by a hand-written reader before the pest grammar,
    /// which is on by default. The grammar defines the language. The hand-written reader gives
    /// up at anything it does not accept, and the grammar then reads that parameter again and
    /// reports every error. On text that the hand-written reader accepts, it builds the same
    /// query as the grammar. Turning it off gives the same results more slowly, so tests
    /// compare the two. The exception is a thread with less than 64 KiB of stack left, where
    /// the grammar stops with [`ErrorKind::DepthLimitExceeded`] and the hand-written reader may
    /// still succeed.
    pub fn with_fast_path(mut self, enabled: bool) -> ParseOptions {
        self.fast_path = enabled;
        self
    }

    /// Returns whether the hand-written reader runs before the grammar.
    pub fn fast_path_enabled(&self) -> bool {
        self.fast_path
    }

    /// Runs `read` when the fast path is on; `None` means the grammar reads the text.
    pub(crate) fn fast<T>(&self, read: impl FnOnce() -> Option<T>) -> Option<T> {
        if self.fast_path {
            read()
        } else {
            None
        }
    }

    /// Returns whether `NOT(expr)` is accepted.
    pub fn not_enabled(&self) -> bool {
        self.not
    }

    /// The maximum nesting depth.
    pub fn max_depth(&self) -> usize {
        self.max_depth
    }

    /// The maximum input length in bytes.
    pub fn max_input_len(&self) -> usize {
        self.max_input_len
    }

    /// The maximum number of values in one list.
    pub fn max_list_items(&self) -> usize {
        self.max_list_items
    }

    /// The largest `pageSize` accepted.
    pub fn max_page_size(&self) -> u32 {
        self.max_page_size
    }

    /// The declared pass-through parameter names.
    pub fn pass_through(&self) -> &[String] {
        &self.pass_through
    }

    /// Parses a query string such as `country=US&sort=-createdAt&pageSize=25`.
    ///
    /// # Errors
    ///
    /// Returns the first mistake found, with its span in `input` and the input attached for
    /// drawing.
    pub fn parse_query(&self, input: &str) -> Result<Query, Error> {
        self.read_query(input)
            .map_err(|error| error.with_input(input))
    }

    /// Parses a bare advanced expression such as `OR(eq(a,1),gt(b,2))`, with no query-string
    /// decoding.
    ///
    /// # Errors
    ///
    /// Returns the first mistake found, with its span in `input` and the input attached for
    /// drawing.
    pub fn parse_filter(&self, input: &str) -> Result<Expr, Error> {
        self.check_length(input)
            .and_then(|()| advanced::read_filter(&Located::verbatim(input, 0), self))
            .map_err(|error| error.with_input(input))
    }

    fn check_length(&self, input: &str) -> Result<(), Error> {
        if input.len() <= self.max_input_len {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::InputTooLong,
            Span::new(self.max_input_len, input.len()),
            format!(
                "input is {} bytes long, over the limit of {} bytes",
                input.len(),
                self.max_input_len
            ),
        )
        .with_help("shorten the query, or raise the limit with ParseOptions::with_max_input_len"))
    }

    fn read_query(&self, input: &str) -> Result<Query, Error> {
        self.check_length(input)?;
        let mut query = Query::new();
        query.default_page_size = Query::DEFAULT_PAGE_SIZE.min(self.max_page_size);
        let mut seen = Seen::default();
        for_each_parameter(input, self.fast_path, |parameter| {
            self.read_raw_parameter(&mut query, &mut seen, parameter)
        })?;
        Ok(query)
    }

    fn read_raw_parameter(
        &self,
        query: &mut Query,
        seen: &mut Seen,
        parameter: RawParameter<'_>,
    ) -> Result<(), Error> {
        let RawParameter {
            name: raw_name,
            name_start,
            value,
            span,
        } = parameter;
        let Some((raw_value, value_start)) = value else {
            if raw_name.is_empty() {
                return Ok(());
            }
            let shown = excerpt(raw_name);
            let help = if raw_name.contains('(') {
                format!("an advanced expression goes in the filter parameter: write filter={shown}")
            } else {
                format!("write `{shown}=VALUE`, or `{shown}=isnull::` to match a missing value")
            };
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                span,
                format!("parameter `{shown}` has no `=` and no value"),
            )
            .with_help(help));
        };

        let name = form_decode(raw_name, name_start, || "a parameter name")?;
        if name.text.is_empty() {
            return Err(Error::new(
                ErrorKind::InvalidParameter,
                span,
                "parameter has an empty name",
            )
            .with_help("write the field name before `=`, as in `country=US`"));
        }
        let value = form_decode(raw_value, value_start, || {
            format!("the value of `{}`", excerpt(&name.text))
        })?;
        self.read_parameter(query, seen, span, &name, &value)
    }

    fn read_parameter(
        &self,
        query: &mut Query,
        seen: &mut Seen,
        span: Span,
        name: &Located<'_>,
        value: &Located<'_>,
    ) -> Result<(), Error> {
        let name_text: &str = &name.text;
        match name_text {
            "filter" => {
                check_once(&mut seen.filter, name_text, span)?;
                let expr = advanced::read_filter(value, self)?;
                query
                    .written_order
                    .push(ParameterRef::Condition(query.conditions.len()));
                query.conditions.push(Condition {
                    syntax: Syntax::Advanced,
                    expr,
                    span,
                });
            }
            "sort" => {
                check_once(&mut seen.sort, name_text, span)?;
                let sort = match self.fast(|| fast_path::read_sort(value)) {
                    Some(sort) => sort,
                    None => sort::read_sort(value)?,
                };
                query.sort = Some(sort);
                query.written_order.push(ParameterRef::Sort);
            }
            "pageNumber" => {
                check_once(&mut seen.page_number, name_text, span)?;
                query.page_number = Some(sort::read_page_number(value)?);
                query.written_order.push(ParameterRef::PageNumber);
            }
            "pageSize" => {
                check_once(&mut seen.page_size, name_text, span)?;
                query.page_size = Some(sort::read_page_size(value, self.max_page_size)?);
                query.written_order.push(ParameterRef::PageSize);
            }
            _ if self
                .pass_through
                .iter()
                .any(|declared| declared == name_text) =>
            {
                query
                    .written_order
                    .push(ParameterRef::PassThrough(query.pass_through.len()));
                query.pass_through.push(PassThrough {
                    name: name_text.to_owned(),
                    value: value.text.clone().into_owned(),
                    span,
                });
            }
            _ => {
                let condition = field::read_field_condition(name, value, span, self)?;
                query
                    .written_order
                    .push(ParameterRef::Condition(query.conditions.len()));
                query.conditions.push(condition);
            }
        }
        Ok(())
    }
}

/// The first span of each parameter that may appear only once.
#[derive(Default)]
struct Seen {
    filter: Option<Span>,
    sort: Option<Span>,
    page_number: Option<Span>,
    page_size: Option<Span>,
}

/// Records where a once-only parameter appears, or rejects it when it was seen before.
fn check_once(first: &mut Option<Span>, name: &str, span: Span) -> Result<(), Error> {
    match first {
        None => {
            *first = Some(span);
            Ok(())
        }
        Some(first) => Err(Error::new(
            ErrorKind::RepeatedParameter,
            span,
            format!(
                "repeated parameter `{name}`: it was already given at byte {}",
                first.start
            ),
        )
        .with_help(match name {
            "filter" => "combine both expressions in one, such as filter=AND(first,second)",
            "sort" => "give every key in one parameter, such as sort=-country,createdAt",
            _ => "give this parameter once",
        })),
    }
}

/// Parses a query string with the default [`ParseOptions`].
///
/// ```
/// let query = inperium_filter::parse_query("country=US&sort=-annualRevenue")?;
/// assert_eq!(query.to_string(), "country=US&sort=-annualRevenue");
/// # Ok::<(), inperium_filter::Error>(())
/// ```
///
/// # Errors
///
/// See [`ParseOptions::parse_query`].
pub fn parse_query(input: &str) -> Result<Query, Error> {
    ParseOptions::default().parse_query(input)
}

/// Parses a bare advanced expression with the default [`ParseOptions`].
///
/// ```
/// let expr = inperium_filter::parse_filter("OR(gt(annualRevenue,500000),eq(country,US))")?;
/// assert_eq!(expr.to_string(), "OR(gt(annualRevenue,500000),eq(country,US))");
/// # Ok::<(), inperium_filter::Error>(())
/// ```
///
/// # Errors
///
/// See [`ParseOptions::parse_filter`].
pub fn parse_filter(input: &str) -> Result<Expr, Error> {
    ParseOptions::default().parse_filter(input)
}
