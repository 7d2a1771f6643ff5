"""Tests of functions/spark/stock_prices.py with real Spark in local mode.

    bash scripts/setup-python.sh && .venv/bin/python -m pytest test/spark -q

Raw inputs are built from test/fixtures/stock/items/YYYYMMDD.json, wrapped into API page
bodies the way the extract stage stores them. Expected metrics are computed here with
plain Python arithmetic over the fixture closes, not with the job's Spark code.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JOB = ROOT / "functions" / "spark" / "stock_prices.py"
ITEMS = ROOT / "test" / "fixtures" / "stock" / "items"
sys.path.insert(0, str(JOB.parent))
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # Spark's Python workers = this venv

import stock_prices as job  # noqa: E402

PAGE_SIZE = 10
EXPECTED_COLUMNS = [
    ("base_date", "date"), ("ticker", "string"), ("isin", "string"), ("name", "string"),
    ("market", "string"), ("open", "bigint"), ("high", "bigint"), ("low", "bigint"),
    ("close", "bigint"), ("change", "bigint"), ("change_rate", "double"), ("volume", "bigint"),
    ("traded_value", "bigint"), ("listed_shares", "bigint"), ("market_cap", "bigint"),
]


# --- building raw objects from the fixture ---------------------------------------------
def fixture_items(day: dt.date) -> list[dict] | None:
    path = ITEMS / f"{day:%Y%m%d}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def page(items: list[dict], page_no: int, total: int, num_of_rows: int = PAGE_SIZE) -> dict:
    # the API sends a lone item as an object, not a one-element list
    item = items[0] if len(items) == 1 else items
    return {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL SERVICE."},
                         "body": {"numOfRows": num_of_rows, "pageNo": page_no, "totalCount": total,
                                  "items": {"item": item} if items else ""}}}


def as_pages(items: list[dict]) -> list[dict]:
    chunks = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    return [page(chunk, n + 1, len(items)) for n, chunk in enumerate(chunks)]


def write_raw(raw_root: Path, day: dt.date, pages: list[dict]) -> None:
    target = raw_root / f"dt={day.isoformat()}" / "slot=0000.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")


# --- expected values, by hand -----------------------------------------------------------
def closes_by_hand(ticker: str, day: dt.date, lookback: int = 100) -> list[tuple[dt.date, int]]:
    """(date, close) of the ticker's rows in the window, last occurrence per day winning."""
    rows = []
    for n in range(lookback, -1, -1):
        d = day - dt.timedelta(days=n)
        winner = None
        for item in fixture_items(d) or []:
            if item["srtnCd"] == ticker:
                winner = item  # a later occurrence replaces an earlier one
        if winner:
            rows.append((d, int(winner["clpr"])))
    return rows


def metrics_by_hand(ticker: str, day: dt.date) -> dict:
    closes = [c for _, c in closes_by_hand(ticker, day)]
    returns = [closes[i] / closes[i - 1] - 1 for i in range(1, len(closes))]

    def ma(n):
        return sum(closes[-n:]) / n if len(closes) >= n else None

    return {"close": closes[-1], "daily_return": returns[-1] if returns else None,
            "ma_5": ma(5), "ma_20": ma(20), "ma_60": ma(60),
            "volatility_20": statistics.stdev(returns[-20:]) if len(returns) >= 20 else None}


def assert_close(actual, expected):
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --- Spark fixtures ----------------------------------------------------------------------
@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession
    session = (SparkSession.builder.master("local[2]").appName("test_stock_prices")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.default.parallelism", "2")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.session.timeZone", "UTC")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    session.sparkContext.addPyFile(str(JOB))  # Python workers import the job's parse function
    yield session
    session.stop()


@pytest.fixture(scope="session")
def raw_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("raw")
    for path in sorted(ITEMS.glob("*.json")):
        day = dt.datetime.strptime(path.stem, "%Y%m%d").date()
        write_raw(root, day, as_pages(fixture_items(day)))
    return root


@pytest.fixture(scope="session")
def day_output(spark, raw_root, tmp_path_factory):
    """run(D) once per D: returns (summary, {ticker: row dict}, output path)."""
    cache = {}

    def get(day: dt.date):
        if day not in cache:
            out = tmp_path_factory.mktemp("curated") / f"dt={day}" / "slot=0000"
            summary = job.run(spark, str(raw_root), day, 100, str(out))
            rows = {r["ticker"]: r.asDict() for r in spark.read.parquet(str(out)).collect()}
            cache[day] = (summary, rows, out)
        return cache[day]

    return get


# --- pure parsing -------------------------------------------------------------------------
def test_parse_handles_every_item_shape():
    one = {"basDt": "20251111", "srtnCd": "005930", "clpr": "103500"}
    pages = [page([one, dict(one, srtnCd="000660")], 1, 3, 2), page([one], 2, 3, 2),
             {"response": {"header": {"resultCode": "00"}, "body": {"items": {}}}},
             {"response": {"header": {"resultCode": "00"}, "body": {"items": ""}}},
             {"response": {"header": {"resultCode": "03", "resultMsg": "NODATA_ERROR"}}}]
    rows = job.parse_raw_object("gs://b/raw/dt=2025-11-11/slot=0000.json", json.dumps(pages))
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("2025-11-11", 0, 0, "005930"), ("2025-11-11", 0, 1, "000660"), ("2025-11-11", 1, 0, "005930")]
    assert rows[0][3:] == ("20251111", "005930", None, None, None, "103500") + (None,) * 9


def test_parse_rejects_an_error_envelope():
    bad = [{"response": {"header": {"resultCode": "22", "resultMsg": "LIMITED NUMBER OF SERVICE REQUESTS"}}}]
    with pytest.raises(ValueError, match="resultCode='22'"):
        job.parse_raw_object("/raw/dt=2025-11-11/slot=0000.json", json.dumps(bad))


def test_fixture_is_consistent():
    """vs/fltRt follow the previous close, market cap = close x shares, holidays have no file."""
    prev = {}
    for path in sorted(ITEMS.glob("*.json")):
        winners = {item["srtnCd"]: item for item in json.loads(path.read_text(encoding="utf-8"))}
        for code, item in winners.items():
            assert all(isinstance(v, str) for v in item.values()) and list(item) == job.API_FIELDS
            close = int(item["clpr"])
            assert int(item["mrktTotAmt"]) == close * int(item["lstgStCnt"])
            if code in prev:
                assert int(item["vs"]) == close - prev[code]
                assert float(item["fltRt"]) == round((close - prev[code]) / prev[code] * 100, 2)
            prev[code] = close
    for holiday in ["20250815", "20251003", "20251006", "20251007", "20251008", "20251009"]:
        assert not (ITEMS / f"{holiday}.json").exists()


# --- the job in local Spark --------------------------------------------------------------
def test_real_samsung_row(day_output):
    _, rows, _ = day_output(dt.date(2025, 11, 11))
    row = rows["005930"]
    assert (row["close"], row["change"], row["change_rate"], row["open"], row["market_cap"]) == (
        103500, 2900, 2.88, 103700, 612682524927000)
    assert row["base_date"] == dt.date(2025, 11, 11) and row["isin"] == "KR7005930003"
    assert row["name"] == "삼성전자" and row["market"] == "KOSPI"
    assert "daily_return" not in row and "ma_60" not in row, "metrics are the SQL model's"


def test_duplicates_keep_the_last_occurrence(day_output):
    summary, rows, _ = day_output(dt.date(2025, 11, 3))
    items = fixture_items(dt.date(2025, 11, 3))
    assert summary["rows_in"] == len(items)
    assert summary["duplicates_dropped"] == 2
    assert summary["rows_out"] == len(items) - 2 == len(rows)
    # 000660: a stale copy comes first, the correct row later; the later one wins
    first, last = [i for i in items if i["srtnCd"] == "000660"]
    assert first["clpr"] != last["clpr"] and rows["000660"]["close"] == int(last["clpr"])
    assert rows["000660"]["volume"] == int(last["trqu"])
    assert rows["035720"]["close"] == int([i for i in items if i["srtnCd"] == "035720"][-1]["clpr"])


def test_gap_uses_the_last_traded_row(day_output):
    # 263750 is suspended 2025-09-15..19: no row then; on 09-22 the return is vs 09-12
    _, during, _ = day_output(dt.date(2025, 9, 17))
    assert "263750" not in during
    _, rows, _ = day_output(dt.date(2025, 9, 22))
    close_0912 = int(next(i for i in fixture_items(dt.date(2025, 9, 12)) if i["srtnCd"] == "263750")["clpr"])
    assert close_0912 > 0 and rows["263750"]["close"] > 0


def test_new_listing(day_output):
    _, first_day, _ = day_output(dt.date(2025, 9, 22))
    assert first_day["489790"]["close"] > 0
    _, before, _ = day_output(dt.date(2025, 9, 19))
    assert "489790" not in before


def test_delisting(day_output):
    _, last_day, _ = day_output(dt.date(2025, 10, 17))
    assert last_day["900120"]["market"] == "KONEX"
    _, after, _ = day_output(dt.date(2025, 10, 20))
    assert "900120" not in after and len(after) == len(last_day) - 1


def test_output_schema_single_file_and_success(spark, day_output):
    _, _, out = day_output(dt.date(2025, 11, 11))
    assert [(f.name, f.dataType.simpleString()) for f in spark.read.parquet(str(out)).schema.fields] \
        == EXPECTED_COLUMNS
    assert (out / "_SUCCESS").exists()
    assert len(list(out.glob("part-*.parquet"))) == 1


def test_success_is_a_manifest_with_the_parquet_row_count(spark, day_output):
    summary, _, out = day_output(dt.date(2025, 11, 11))
    manifest = json.loads((out / "_SUCCESS").read_text())
    assert manifest["format"] == "parquet"
    assert manifest["rows_out"] == summary["rows_out"] == spark.read.parquet(str(out)).count()


def test_empty_day_writes_empty_parquet_with_schema(spark, raw_root, tmp_path):
    day = dt.date(2025, 11, 17)  # no fixture file: the API answered with an empty page
    root = tmp_path / "raw"
    for d in [dt.date(2025, 11, 13), dt.date(2025, 11, 14)]:
        write_raw(root, d, as_pages(fixture_items(d)))
    empty = {"response": {"header": {"resultCode": "00", "resultMsg": "NORMAL SERVICE."},
                          "body": {"numOfRows": 1000, "pageNo": 1, "totalCount": 0, "items": ""}}}
    write_raw(root, day, [empty])
    out = tmp_path / "out"
    summary = job.run(spark, str(root), day, 100, str(out))
    assert summary == {"date": "2025-11-17", "rows_in": 0, "rows_out": 0, "duplicates_dropped": 0,
                       "raw_objects": 3}
    df = spark.read.parquet(str(out))
    assert df.count() == 0
    assert [(f.name, f.dataType.simpleString()) for f in df.schema.fields] == EXPECTED_COLUMNS
    assert (out / "_SUCCESS").exists()


def test_single_object_item_page(spark, tmp_path):
    day = dt.date(2025, 11, 11)
    items = fixture_items(day)
    root = tmp_path / "raw"
    # 2 pages: all but one item, then a page whose `item` is one object
    write_raw(root, day, [page(items[:-1], 1, len(items), len(items) - 1),
                          page(items[-1:], 2, len(items), len(items) - 1)])
    assert isinstance(json.loads((root / "dt=2025-11-11" / "slot=0000.json").read_text())[1]
                      ["response"]["body"]["items"]["item"], dict)
    summary = job.run(spark, str(root), day, 100, str(tmp_path / "out"))
    assert summary["rows_in"] == summary["rows_out"] == len(items)
    tickers = {r.ticker for r in spark.read.parquet(str(tmp_path / "out")).collect()}
    assert items[-1]["srtnCd"] in tickers


def test_missing_raw_object_for_the_day_is_an_error(spark, raw_root, tmp_path):
    with pytest.raises(FileNotFoundError):
        job.run(spark, str(raw_root), dt.date(2025, 10, 3), 100, str(tmp_path / "out"))


def test_rerunning_a_day_gives_identical_output(spark, raw_root, tmp_path):
    out = tmp_path / "dt=2025-11-03" / "slot=0000"
    day = dt.date(2025, 11, 3)
    first_summary = job.run(spark, str(raw_root), day, 100, str(out))
    first = sorted(map(tuple, spark.read.parquet(str(out)).collect()))
    second_summary = job.run(spark, str(raw_root), day, 100, str(out))
    second = sorted(map(tuple, spark.read.parquet(str(out)).collect()))
    assert first_summary == second_summary and first == second and len(first) == first_summary["rows_out"]
    assert len(list(out.glob("part-*.parquet"))) == 1 and (out / "_SUCCESS").exists()


def test_spark_submit_end_to_end(raw_root, tmp_path):
    spark_submit = Path(sys.executable).parent / "spark-submit"
    assert spark_submit.exists(), f"{spark_submit} missing: run scripts/setup-python.sh"
    out = tmp_path / "curated" / "dt=2025-11-11" / "slot=0000"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)  # as functions/spark/README.md says
    proc = subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2",
         "--conf", "spark.ui.enabled=false", str(JOB), "--raw-root", str(raw_root),
         "--date", "2025-11-11", "--output", str(out)],
        capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    expected_rows = len({i["srtnCd"] for i in fixture_items(dt.date(2025, 11, 11))})
    assert summary == {"date": "2025-11-11", "rows_in": expected_rows, "rows_out": expected_rows,
                       "duplicates_dropped": 0, "raw_objects": summary["raw_objects"]}
    assert summary["raw_objects"] == len([d for d in range(101) if fixture_items(
        dt.date(2025, 11, 11) - dt.timedelta(days=d))])
    assert (out / "_SUCCESS").exists() and len(list(out.glob("part-*.parquet"))) == 1


# --- batches: several days in one session -------------------------------------------------
def test_args_pair_each_date_with_its_output():
    args = job.parse_args(["--raw-root", "r", "--date", "2025-11-04", "--output", "o4",
                           "--date", "2025-11-03", "--output", "o3", "--keep-going"])
    assert args.date == [dt.date(2025, 11, 4), dt.date(2025, 11, 3)]
    assert args.output == ["o4", "o3"] and args.keep_going
    with pytest.raises(SystemExit):
        job.parse_args(["--raw-root", "r", "--date", "2025-11-03", "--date", "2025-11-04",
                        "--output", "o"])
    with pytest.raises(SystemExit):
        job.parse_args(["--raw-root", "r", "--date", "2025-11-03", "--output", "a",
                        "--date", "2025-11-03", "--output", "b"])


def test_a_batch_writes_what_single_day_runs_write(spark, raw_root, tmp_path, day_output, capsys):
    days = [dt.date(2025, 11, 5), dt.date(2025, 11, 6), dt.date(2025, 11, 7)]
    outputs = {d: tmp_path / f"dt={d}" / "slot=0000" for d in days}
    result = job.run_batch(spark, str(raw_root), [(d, str(outputs[d])) for d in days], 100)
    assert result["failed"] == []
    assert "one pass" not in capsys.readouterr().err  # computed together, not day by day
    for d, summary in zip(days, result["days"]):
        single_summary, single_rows, _ = day_output(d)
        assert summary == single_summary
        rows = {r["ticker"]: r.asDict() for r in spark.read.parquet(str(outputs[d])).collect()}
        assert rows == single_rows
        manifest = json.loads((outputs[d] / "_SUCCESS").read_text())
        assert manifest["date"] == d.isoformat() and manifest["rows_out"] == len(rows)
        assert not (outputs[d] / "_FAILED").exists()


def test_a_batch_day_sees_only_its_own_window(spark, tmp_path):
    """A later object re-sending an earlier day's row (a correction) changes that day only when the
    day is run after it exists: in a batch, as in single-day runs, D reads D-lookback..D alone."""
    d1, d2 = dt.date(2025, 11, 3), dt.date(2025, 11, 4)
    items1, items2 = fixture_items(d1), fixture_items(d2)
    first = next(i for i in items1 if [j["srtnCd"] for j in items1].count(i["srtnCd"]) == 1)
    corrected = {**first, "clpr": str(int(first["clpr"]) + 1)}
    root = tmp_path / "raw"
    write_raw(root, d1, as_pages(items1))
    write_raw(root, d2, as_pages(items2 + [corrected]))
    single = {d: tmp_path / "single" / f"dt={d}" for d in (d1, d2)}
    for d in (d1, d2):
        job.run(spark, str(root), d, 100, str(single[d]))
    batch = {d: tmp_path / "batch" / f"dt={d}" for d in (d1, d2)}
    result = job.run_batch(spark, str(root), [(d, str(batch[d])) for d in (d1, d2)], 100)
    assert result["failed"] == []
    for d in (d1, d2):
        rows = {r["ticker"]: r.asDict() for r in spark.read.parquet(str(batch[d])).collect()}
        assert rows == {r["ticker"]: r.asDict() for r in spark.read.parquet(str(single[d])).collect()}
    day1 = {r["ticker"]: r["close"] for r in spark.read.parquet(str(batch[d1])).collect()}
    assert day1[first["srtnCd"]] == int(first["clpr"])  # the correction is not in day 1's window


def test_a_failed_day_writes_failed_and_the_next_days_still_run(spark, raw_root, tmp_path):
    good, bad, later = dt.date(2025, 11, 3), dt.date(2025, 10, 3), dt.date(2025, 11, 4)
    out = {d: tmp_path / f"dt={d}" / "slot=0000" for d in (good, bad, later)}
    # the bad day succeeded once before: its stale _SUCCESS must not survive the failed attempt
    out[bad].mkdir(parents=True)
    (out[bad] / "_SUCCESS").write_text('{"format": "parquet", "rows_out": 1}')
    result = job.run_batch(spark, str(raw_root), [(d, str(out[d])) for d in (bad, good, later)], 100)
    assert [s["date"] for s in result["days"]] == ["2025-11-03", "2025-11-04"]
    assert [f["date"] for f in result["failed"]] == ["2025-10-03"]
    assert "FileNotFoundError" in result["failed"][0]["error"]
    failed = json.loads((out[bad] / "_FAILED").read_text())
    assert failed["format"] == "failed" and failed["date"] == "2025-10-03"
    assert not (out[bad] / "_SUCCESS").exists()
    assert (out[good] / "_SUCCESS").exists() and (out[later] / "_SUCCESS").exists()
    # without keep_going the first failure ends the run, as a single-day run does
    with pytest.raises(FileNotFoundError):
        job.run_batch(spark, str(raw_root), [(bad, str(out[bad]))], 100, keep_going=False)


def test_spark_submit_batch_with_a_failed_day_exits_1(raw_root, tmp_path):
    spark_submit = Path(sys.executable).parent / "spark-submit"
    assert spark_submit.exists(), f"{spark_submit} missing: run scripts/setup-python.sh"
    days = ["2025-11-12", "2025-10-04", "2025-11-11"]
    out = {d: tmp_path / "curated" / f"dt={d}" / "slot=0000" for d in days}
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    pairs = [a for d in days for a in ("--date", d, "--output", str(out[d]))]
    proc = subprocess.run(
        [str(spark_submit), "--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2",
         "--conf", "spark.ui.enabled=false", str(JOB), "--raw-root", str(raw_root),
         "--keep-going", *pairs],
        capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr[-3000:]
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert [s["date"] for s in summary["days"]] == ["2025-11-11", "2025-11-12"]  # date order
    assert [f["date"] for f in summary["failed"]] == ["2025-10-04"]
    assert (out["2025-11-11"] / "_SUCCESS").exists() and (out["2025-11-12"] / "_SUCCESS").exists()
    assert (out["2025-10-04"] / "_FAILED").exists()


def test_a_failed_day_is_reported_by_its_python_error_not_the_java_wrapper():
    class Py4JJavaError(Exception):
        pass

    wrapped = Py4JJavaError(
        "An error occurred while calling o2060.collectToPython.\n"
        ": org.apache.spark.SparkException: Job aborted due to stage failure: ...\n"
        "  File \"worker.py\", line 1247, in main\n"
        "ValueError: API error envelope in raw object: resultCode='99' resultMsg='X'\n"
        "\tat org.apache.spark.api.python.BasePythonRunner")
    assert job.error_text(wrapped) == "ValueError: API error envelope in raw object: resultCode='99' resultMsg='X'"
    assert job.error_text(FileNotFoundError("no raw object")) == "FileNotFoundError: no raw object"
