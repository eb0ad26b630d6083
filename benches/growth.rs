//! Parsing time over growing inputs of four shapes, from 16 KiB to 1 MiB, to show that it grows
//! linearly with the input size: time per byte stays flat as the size quadruples. BENCHMARKS.md
//! records the figures.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use inperium_filter::ParseOptions;

/// Input sizes in bytes, each four times the one before.
const SIZES: [usize; 4] = [16 << 10, 64 << 10, 256 << 10, 1 << 20];

/// Returns `prefix`, then `item` repeated until the text is about `size` bytes, then `suffix`.
fn repeated(prefix: &str, item: &str, separator: &str, suffix: &str, size: usize) -> String {
    let count = (size - prefix.len() - suffix.len()) / (item.len() + separator.len());
    let items = vec![item; count.max(1)];
    format!("{prefix}{}{suffix}", items.join(separator))
}

/// Returns the four shapes at `size` bytes: many field parameters, one wide OR group, one long `in` list, and a value
/// written as percent escapes.
fn inputs(size: usize) -> [(&'static str, String); 4] {
    [
        ("parameters", repeated("", "a=gt::1", "&", "", size)),
        (
            "or_members",
            repeated("filter=OR(", "eq(a,1)", ",", ")", size),
        ),
        ("in_list", repeated("filter=in(a,", "12345", ",", ")", size)),
        ("percent_escapes", repeated("a=", "%C3%A9", "", "", size)),
    ]
}

fn growth(c: &mut Criterion) {
    let options = ParseOptions::new()
        .with_max_input_len(usize::MAX)
        .with_max_list_items(usize::MAX);
    let mut group = c.benchmark_group("growth");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    for size in SIZES {
        for (shape, input) in inputs(size) {
            options
                .parse_query(&input)
                .unwrap_or_else(|error| panic!("the {shape} input does not parse: {error}"));
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::new(shape, size), &input, |b, input| {
                b.iter(|| options.parse_query(black_box(input)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, growth);
criterion_main!(benches);
