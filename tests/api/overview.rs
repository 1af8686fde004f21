//! The workspace overview compares like with like: this quarter so far against last quarter up
//! to the same point, not against all of it.

use crate::helpers::{Options, backends, spawn_app_with};
use crate::seed;
use yousaid::period::Period;

#[tokio::test]
async fn the_overview_trend_compares_this_quarter_so_far_with_last_quarter_to_the_same_point() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let now = chrono::Utc::now();
        let quarter = Period::quarter_of(now);
        let (start, _) = quarter.bounds();
        let (last_start, last_end) = quarter.previous().bounds();
        let elapsed = now - start;
        // Last quarter: one response before the point this quarter has reached, two after it.
        seed::one_at(&app.store, &loaded, 1, last_start + elapsed / 2).await;
        seed::one_at(
            &app.store,
            &loaded,
            2,
            last_end - chrono::Duration::minutes(2),
        )
        .await;
        seed::one_at(
            &app.store,
            &loaded,
            3,
            last_end - chrono::Duration::minutes(1),
        )
        .await;
        // This quarter so far: two.
        seed::one_at(&app.store, &loaded, 4, start + elapsed / 3).await;
        seed::one_at(&app.store, &loaded, 5, start + elapsed / 2).await;

        app.add_user("v@example.gov.uk", Some("food-statistics"), "viewer")
            .await;
        let viewer = app
            .sign_in("v@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let page = app.get_as(&viewer, "/admin").await.text().await.unwrap();
        assert!(
            page.contains(&format!("{quarter} so far"))
                && page.contains(&format!("{} to ", quarter.previous())),
            "{backend:?}: the headers say what is compared: {page}"
        );
        assert!(
            page.contains("<td class=\"num\">2</td><td class=\"num\">1</td><td>Up</td>"),
            "{backend:?}: 2 so far against 1 to the same point, not 3 in all: {page}"
        );
        app.stop().await;
    }
}
