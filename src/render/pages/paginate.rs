//! Splitting a long list into pages, each with a paginator whose links are
//! relative to the page itself.

use std::sync::Arc;

use crate::render::context::lists::{PageLink, Paginator};
use crate::urls::{page_url, relative_url};

/// The page numbers a page links to: the first, the last, and two on
/// either side of `current` (a list of every page would make long lists
/// quadratic).
fn window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = vec![1];
    pages.extend(current.saturating_sub(2).max(2)..=(current + 2).min(total));
    if total > 1 {
        pages.push(total);
    }
    pages.dedup();
    pages
}

/// Splits `items` into pages of `per_page`; yields each page's address,
/// its items and its paginator (shared: a page's variables are made each
/// time it renders or is printed). An empty list still has one page.
pub fn paginate<'a, T>(items: &'a [T], per_page: usize, base: &str) -> Vec<(String, &'a [T], Arc<Paginator>)> {
    let per_page = per_page.max(1);
    let total = items.len().div_ceil(per_page).max(1);
    (1..=total)
        .map(|n| {
            let slice = &items[((n - 1) * per_page).min(items.len())..(n * per_page).min(items.len())];
            let here = page_url(base, n);
            let link = |to: usize| relative_url(&here, &page_url(base, to));
            let paginator = Paginator {
                current: n,
                total,
                previous: if n > 1 { link(n - 1) } else { String::new() },
                next: if n < total { link(n + 1) } else { String::new() },
                pages: window(n, total)
                    .into_iter()
                    .scan(0, |last, number| {
                        let gap = number > *last + 1;
                        *last = number;
                        Some(PageLink { number, url: link(number), gap })
                    })
                    .collect(),
                items: items.len(),
            };
            (here, slice, Arc::new(paginator))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_window_is_first_last_and_neighbours() {
        assert_eq!(super::window(1, 1), [1]);
        assert_eq!(super::window(1, 2), [1, 2]);
        assert_eq!(super::window(5, 500), [1, 3, 4, 5, 6, 7, 500]);
        assert_eq!(super::window(500, 500), [1, 498, 499, 500]);
    }

    #[test]
    fn an_empty_list_has_one_page() {
        let pages = super::paginate::<u8>(&[], 10, "tags/x/");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].0, "tags/x/");
    }
}
