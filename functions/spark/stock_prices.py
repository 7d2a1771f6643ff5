"""Stock prices: raw API JSON -> curated Parquet for one trading day D.

    spark-submit stock_prices.py --raw-root <uri> --date 2025-11-03 \
        [--lookback-days 100] --output <curated-root>/dt=2025-11-03/slot=0000 \
        [--date 2025-11-04 --output <curated-root>/dt=2025-11-04/slot=0000 ...]

Input. Raw objects live at <raw-root>/dt=YYYY-MM-DD/slot=0000.jsonl: one JSON line per HTTP
exchange ({"key", "request", "status", "contentType", "body"}), `body` being a page exactly as
getStockPriceInfo_V2 sent it. Objects of the first contract (slot=0000.json, a JSON array of the
page bodies) are read too, so raw data written before the change still replays. A page:
    [{"response": {"header": {"resultCode": "00", ...},
                   "body": {"numOfRows": .., "pageNo": .., "totalCount": ..,
                            "items": {"item": [ {...}, ... ]}}}}, ...]
`item` may be a single object instead of a list; `items` may be "" or {} on an empty page;
a page with resultCode "03" (NODATA) holds no rows; any other non-"00" code is an error.
The job reads D's object (it must exist) plus every object of the D-lookback..D-1 window
that exists; the raw objects are the source of truth for the history.

Duplicates. Rows are keyed by (basDt, srtnCd). When a key occurs more than once, the job
keeps the LAST occurrence in page order: the order of (object date, page position in the
object's array, item position in the page). A re-sent page therefore overrides an earlier one.

Output. Only D's rows, as one Parquet file plus _SUCCESS, overwriting --output. _SUCCESS is
written last by this job, not by Spark's committer (whose marker is empty): it is a one-line JSON
manifest {"format": "parquet", "date", "rows_in", "rows_out", ...} carrying the row count read back
from the Parquet, so the load stage can record the transform's outcome and reconcile
curated = loaded rows without reading Parquet itself. Columns: see OUTPUT_SCHEMA: typed daily
prices only. Returns, moving averages and volatility are the model
sql/mart/stock/stock_daily_metrics.sql, rebuilt after every load for the loaded day and the days
after it, so a corrected day also corrects the metrics of the later days (a Spark run only ever
writes its own day).
A one-line JSON summary goes to stdout at the end.

Batches. `--date D --output O` may be repeated (pairs, in order): one Spark session then computes
the days (a backfill batch: one cluster for up to a month of days instead of one per day). The raw
objects of the whole range are read and parsed once, and each day keeps only the rows of its own
window, so every day gets exactly the single-day run above (its own output and _SUCCESS): a batch
writes what the same days run one by one would. Should that one pass fail, the days run one by one. With --keep-going (the
transform stage passes it for every batch, and a batch of one day too) a day that fails does not
stop the others: its folder gets `_FAILED` instead of `_SUCCESS`, a JSON
manifest {"format": "failed", "date", "error"} the load stage turns into a ledger row and an alert;
the job exits 1 at the end if any day failed. The summary line is then
{"days": [summaries...], "failed": [{"date", "error"}...]}.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

# Contract v2 first; v1 objects still replay.
RAW_OBJECT_NAMES = ("slot=0000.jsonl", "slot=0000.json")
API_FIELDS = ["basDt", "srtnCd", "isinCd", "itmsNm", "mrktCtg", "clpr", "vs", "fltRt",
              "mkp", "hipr", "lopr", "trqu", "trPrc", "lstgStCnt", "mrktTotAmt"]

# One parsed item: where it came from (for the dedup order) plus the API's string fields.
RAW_SCHEMA = T.StructType(
    [T.StructField("src_date", T.StringType(), False),
     T.StructField("page_index", T.IntegerType(), False),
     T.StructField("item_index", T.IntegerType(), False)]
    + [T.StructField(name, T.StringType(), True) for name in API_FIELDS])

OUTPUT_SCHEMA = T.StructType([
    T.StructField("base_date", T.DateType()),
    T.StructField("ticker", T.StringType()),
    T.StructField("isin", T.StringType()),
    T.StructField("name", T.StringType()),
    T.StructField("market", T.StringType()),
    T.StructField("open", T.LongType()),
    T.StructField("high", T.LongType()),
    T.StructField("low", T.LongType()),
    T.StructField("close", T.LongType()),
    T.StructField("change", T.LongType()),
    T.StructField("change_rate", T.DoubleType()),
    T.StructField("volume", T.LongType()),
    T.StructField("traded_value", T.LongType()),
    T.StructField("listed_shares", T.LongType()),
    T.StructField("market_cap", T.LongType()),
])

# output column <- API field, with its type
TYPED_FIELDS = [
    ("ticker", "srtnCd", "string"), ("isin", "isinCd", "string"), ("name", "itmsNm", "string"),
    ("market", "mrktCtg", "string"), ("open", "mkp", "long"), ("high", "hipr", "long"),
    ("low", "lopr", "long"), ("close", "clpr", "long"), ("change", "vs", "long"),
    ("change_rate", "fltRt", "double"), ("volume", "trqu", "long"), ("traded_value", "trPrc", "long"),
    ("listed_shares", "lstgStCnt", "long"), ("market_cap", "mrktTotAmt", "long"),
]


# ---------------------------------------------------------------------------------------
# Parsing one raw object (plain Python, runs inside Spark tasks)
# ---------------------------------------------------------------------------------------
def page_items(page: dict) -> list[dict]:
    """The items of one API page body, whatever shape the API chose for them."""
    response = page.get("response", {})
    code = str(response.get("header", {}).get("resultCode", ""))
    if code == "03":  # NODATA_ERROR: an empty day
        return []
    if code != "00":
        raise ValueError(f"API error envelope in raw object: resultCode={code!r} "
                         f"resultMsg={response.get('header', {}).get('resultMsg')!r}")
    items = (response.get("body") or {}).get("items")
    if not isinstance(items, dict):  # "" (or null) on an empty page
        return []
    item = items.get("item")
    if item is None:
        return []
    return [item] if isinstance(item, dict) else list(item)


def parse_raw_object(path: str, text: str) -> list[tuple]:
    """Rows of RAW_SCHEMA for one raw object; src_date comes from the dt=YYYY-MM-DD folder."""
    match = re.search(r"dt=(\d{4}-\d{2}-\d{2})", path)
    if not match:
        raise ValueError(f"raw object path has no dt=YYYY-MM-DD folder: {path}")
    if path.endswith(".jsonl"):
        pages = [json.loads(json.loads(line)["body"]) for line in text.splitlines() if line.strip()]
    else:
        pages = json.loads(text)
    if isinstance(pages, dict):  # tolerate a single page body stored without the array
        pages = [pages]
    rows = []
    for page_index, page in enumerate(pages):
        for item_index, item in enumerate(page_items(page)):
            values = [None if item.get(f) is None else str(item.get(f)).strip() for f in API_FIELDS]
            rows.append((match.group(1), page_index, item_index, *values))
    return rows


# ---------------------------------------------------------------------------------------
# The transformation (pure: DataFrame in, DataFrame out)
# ---------------------------------------------------------------------------------------
def build_prices(raw: DataFrame) -> DataFrame:
    """RAW_SCHEMA rows -> rows in OUTPUT_SCHEMA for every base date they hold (deduplicated, typed)."""
    latest_first = Window.partitionBy("basDt", "srtnCd").orderBy(
        F.col("src_date").desc(), F.col("page_index").desc(), F.col("item_index").desc())
    deduped = (raw.withColumn("_rank", F.row_number().over(latest_first))
                  .where(F.col("_rank") == 1).drop("_rank"))

    typed = deduped.select(
        F.to_date("basDt", "yyyyMMdd").alias("base_date"),
        *[F.col(src).cast(kind).alias(out) for out, src, kind in TYPED_FIELDS])

    return typed.select([F.col(f.name).cast(f.dataType) for f in OUTPUT_SCHEMA.fields])


def build_daily_prices(raw: DataFrame, date: dt.date) -> DataFrame:
    """RAW_SCHEMA rows -> D's rows in OUTPUT_SCHEMA (deduplicated, typed)."""
    return build_prices(raw).where(F.col("base_date") == F.lit(date))


# ---------------------------------------------------------------------------------------
# I/O: which raw objects exist, reading them, writing the day
# ---------------------------------------------------------------------------------------
def raw_object_uris(raw_root: str, day: dt.date) -> list[str]:
    return [f"{raw_root.rstrip('/')}/dt={day.isoformat()}/{name}" for name in RAW_OBJECT_NAMES]


def existing_uris(spark: SparkSession, uris: list[str]) -> list[str]:
    """The URIs that exist, through Hadoop's FileSystem so gs:// and local paths behave alike."""
    jvm, conf = spark._jvm, spark._jsc.hadoopConfiguration()
    found = []
    for uri in uris:
        path = jvm.org.apache.hadoop.fs.Path(uri)
        if path.getFileSystem(conf).exists(path):
            found.append(uri)
    return found


def read_raw(spark: SparkSession, uris: list[str]) -> DataFrame:
    files = spark.sparkContext.wholeTextFiles(",".join(uris), minPartitions=1)
    return spark.createDataFrame(files.flatMap(lambda f: parse_raw_object(f[0], f[1])), RAW_SCHEMA)


def day_object(spark: SparkSession, raw_root: str, day: dt.date) -> list[str]:
    """The day's raw object (the first existing name), or none."""
    return existing_uris(spark, raw_object_uris(raw_root, day))[:1]


def no_success_marker(spark: SparkSession) -> None:
    """The committer's empty _SUCCESS would trigger the load before the count is known."""
    spark.sparkContext._jsc.hadoopConfiguration().set(
        "mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")


def run(spark: SparkSession, raw_root: str, date: dt.date, lookback_days: int, output: str) -> dict:
    """Transform day D and write it; returns the summary."""
    day_uris = day_object(spark, raw_root, date)
    if not day_uris:
        raise FileNotFoundError(f"raw object for {date} not found: {raw_object_uris(raw_root, date)[0]}")
    uris = [u for n in range(lookback_days, 0, -1)
            for u in day_object(spark, raw_root, date - dt.timedelta(days=n))] + day_uris

    no_success_marker(spark)
    raw = read_raw(spark, uris).cache()
    rows_in, keys_in = (raw.where(F.col("src_date") == date.isoformat())
                           .agg(F.count(F.lit(1)), F.countDistinct("basDt", "srtnCd")).first())

    build_daily_prices(raw, date).coalesce(1).write.mode("overwrite").parquet(output)
    rows_out = spark.read.parquet(output).count()
    raw.unpersist()
    summary = {"date": date.isoformat(), "rows_in": rows_in, "rows_out": rows_out,
               "duplicates_dropped": rows_in - keys_in, "raw_objects": len(uris)}
    write_manifest(spark, output, {"format": "parquet", **summary})
    return summary


def run_together(spark: SparkSession, raw_root: str, days: list[tuple[dt.date, str]],
                 lookback_days: int) -> list[dict]:
    """The days of a batch that have their raw object, in one pass, each with its own output and
    _SUCCESS: what run() writes for each day, computed once. The raw objects of the whole range are
    read and parsed once, and a row counts for its base date D only when its object lies in D's own
    window (D-lookback..D), so each day's deduplication sees exactly the rows its single-day run
    reads. A day without its raw object is skipped (the caller runs it alone, where it fails).
    Raises on any error: the caller then runs the days one by one."""
    first, last = days[0][0], days[-1][0]
    span = [first + dt.timedelta(days=n) for n in range(-lookback_days, (last - first).days + 1)]
    objects = {day: day_object(spark, raw_root, day) for day in span}
    days = [(date, output) for date, output in days if objects[date]]
    if not days:
        return []
    no_success_marker(spark)
    raw = read_raw(spark, [u for day in span for u in objects[day]]).cache()
    stats = {r["src_date"]: (r["rows"], r["keys"]) for r in raw.groupBy("src_date").agg(
        F.count(F.lit(1)).alias("rows"), F.countDistinct("basDt", "srtnCd").alias("keys")).collect()}
    base, src = F.to_date("basDt", "yyyyMMdd"), F.to_date("src_date")
    in_window = raw.where((src <= base) & (src >= F.date_sub(base, lookback_days)))
    prices = (build_prices(in_window)
              .where(F.col("base_date").isin([F.lit(date) for date, _ in days])).cache())
    summaries = []
    for date, output in days:
        prices.where(F.col("base_date") == F.lit(date)).coalesce(1).write.mode("overwrite").parquet(output)
        rows_in, keys_in = stats.get(date.isoformat(), (0, 0))
        window = [date - dt.timedelta(days=n) for n in range(lookback_days, -1, -1)]
        summary = {"date": date.isoformat(), "rows_in": rows_in,
                   "rows_out": spark.read.parquet(output).count(),
                   "duplicates_dropped": rows_in - keys_in,
                   "raw_objects": sum(len(objects[day]) for day in window)}
        write_manifest(spark, output, {"format": "parquet", **summary})
        summaries.append(summary)
    prices.unpersist()
    raw.unpersist()
    return summaries


def run_batch(spark: SparkSession, raw_root: str, days: list[tuple[dt.date, str]],
              lookback_days: int, keep_going: bool = True) -> dict:
    """Runs the days in one session: the days whose raw object exists in one pass (run_together),
    then every other day on its own (run, where a missing object fails the day), in date order; a failed day writes _FAILED, the rest go on
    (without keep_going the first failure ends the job, as a single-day run does). A one-pass
    failure is not a day's outcome: the days are then run one by one, which isolates it."""
    done: dict[dt.date, dict] = {}
    if len(days) > 1:
        try:
            done = {dt.date.fromisoformat(s["date"]): s
                    for s in run_together(spark, raw_root, days, lookback_days)}
        except Exception as error:  # noqa: BLE001 - any failure: fall back to day by day
            print(f"one pass over {len(days)} days failed ({error_text(error)}); "
                  "running them one by one", file=sys.stderr, flush=True)
            done = {}
    summaries, failed = [], []
    for date, output in days:
        if date in done:
            summaries.append(done[date])
            continue
        try:
            summaries.append(run(spark, raw_root, date, lookback_days, output))
        except Exception as error:  # noqa: BLE001 - any failure of one day is that day's outcome
            if not keep_going:
                raise
            message = error_text(error)
            failed.append({"date": date.isoformat(), "error": message})
            # An earlier run's _SUCCESS would claim the day is done: the latest attempt failed.
            remove_file(spark, output, "_SUCCESS")
            write_manifest(spark, output, {"format": "failed", "date": date.isoformat(),
                                           "error": message}, name="_FAILED")
    return {"days": summaries, "failed": failed}


def error_text(error: Exception) -> str:
    """One line for the ledger and the alert. Spark wraps an exception raised in a Python task in
    Java ones (Py4JJavaError > SparkException > PythonException + traceback): the Python one is the
    last `SomeError: ...` line of that text."""
    text = f"{type(error).__name__}: {error}"
    lines = re.findall(r"^([A-Z]\w*(?:Error|Exception): .*)$", text, re.MULTILINE)
    python = [line for line in lines if not line.startswith("Py4JJavaError")]
    return (python[-1] if python else text.splitlines()[0])[:1000]


def remove_file(spark: SparkSession, output: str, name: str) -> None:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(output.rstrip("/") + "/" + name)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(path):
        fs.delete(path, False)


def write_manifest(spark: SparkSession, output: str, manifest: dict, name: str = "_SUCCESS") -> None:
    """Writes <output>/_SUCCESS (any Hadoop file system: a path, gs://) as one JSON line, last."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(output.rstrip("/") + "/" + name)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(json.dumps(manifest).encode("utf-8")))
    finally:
        stream.close()


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--raw-root", required=True, help="folder holding dt=YYYY-MM-DD/slot=0000.jsonl")
    parser.add_argument("--date", required=True, action="append", type=dt.date.fromisoformat,
                        help="trading day D, YYYY-MM-DD (repeat with --output for a batch)")
    parser.add_argument("--lookback-days", type=int, default=100, help="calendar days of history (default 100)")
    parser.add_argument("--output", required=True, action="append",
                        help="folder for day D's Parquet (one per --date, same order)")
    parser.add_argument("--keep-going", action="store_true",
                        help="batch mode: a failed day writes _FAILED and the next days still run")
    args = parser.parse_args(argv)
    if len(args.date) != len(args.output):
        parser.error(f"{len(args.date)} --date but {len(args.output)} --output: give one output per date")
    if len(set(args.date)) != len(args.date):
        parser.error("a date is given twice")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.lookback_days < 0:
        raise SystemExit("--lookback-days must be 0 or more")
    days = sorted(zip(args.date, args.output))  # in date order, whatever order they came in
    name = str(days[0][0]) if len(days) == 1 else f"{days[0][0]}..{days[-1][0]} ({len(days)} days)"
    spark = SparkSession.builder.appName(f"stock_prices {name}").getOrCreate()
    try:
        if len(days) == 1 and not args.keep_going:
            summary = run(spark, args.raw_root, days[0][0], args.lookback_days, days[0][1])
        else:
            summary = run_batch(spark, args.raw_root, days, args.lookback_days, args.keep_going)
    finally:
        spark.stop()
    print(json.dumps(summary), flush=True)
    if summary.get("failed"):
        sys.exit(1)


if __name__ == "__main__":
    main()
