def test_health_reports_database_and_migrations(client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "migrations": "ok", "matching_index": "ok"}}


def test_unknown_route_answers_json_error(client) -> None:
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
