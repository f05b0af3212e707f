import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from journeygen.render.charts import (
    SHARED,
    CurvePoint,
    CurveSeries,
    FunnelStep,
    emotion_curve,
    funnel_chart,
    sparkline,
)

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def by_class(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in el.get("class", "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{NS}text")]


def centre_y(el: ET.Element) -> float:
    if el.tag == f"{NS}circle":
        return float(el.get("cy"))
    if el.tag == f"{NS}rect":
        return float(el.get("y")) + float(el.get("height")) / 2
    ys = [float(n) for n in el.get("d").strip("MZ").replace("L", " ").split()[1::2]]
    return (min(ys) + max(ys)) / 2


def assert_accessible(root: ET.Element, *, desc: bool = True) -> None:
    assert root.get("role") == "img"
    assert root.get("viewBox").startswith("0 0 ")
    ids = root.get("aria-labelledby").split()
    children = {el.get("id"): el for el in root}
    assert [children[i].tag for i in ids] == [f"{NS}title", f"{NS}desc"][: 1 + desc]


def series(name, values, cls="jg-series-0", touchpoints=()):
    points = [CurvePoint(i + 0.5, v, f"S{i}: {v}") for i, v in enumerate(values) if v is not None]
    points += [CurvePoint(x, v, f"tp {x}", "touchpoint") for x, v in touchpoints]
    return CurveSeries(name, tuple(points), cls)


def curve(stage_count=4, many=(), **kwargs):
    kwargs = {"title": "Emotion", "description": "Low at S2", **kwargs}
    return emotion_curve(stage_count, list(many), **kwargs)


# --- emotion curve ---------------------------------------------------------------------------


def test_curve_has_one_point_per_stage_with_emotion_and_spans_the_columns():
    one = series("Current", [1, None, -2, 0.5], touchpoints=[(0.3, 2), (2.7, -1)])
    root = parse(curve(4, [one], stage_width=150))
    assert_accessible(root)
    assert root.get("viewBox") == "0 0 600 160"
    assert root.get("width") == "100%"
    points = by_class(root, "jg-point")
    assert [p.get("data-stage") for p in points] == ["0", "2", "3"]
    assert [float(p.get("cx")) for p in points] == [75, 375, 525]
    assert len(by_class(root, "jg-touchpoint")) == 2
    assert [p.find(f"{NS}title").text for p in points] == ["S0: 1", "S2: -2", "S3: 0.5"]
    assert len(by_class(root, "jg-line")) == 1  # one line, through the three stage points


def test_curve_draws_higher_emotion_higher_and_clamps_out_of_range():
    root = parse(curve(5, [series("Current", [2, 1, 0, -1, 5])]))
    ys = [centre_y(p) for p in by_class(root, "jg-point")]
    assert ys[0] < ys[1] < ys[2] < ys[3]
    assert ys[4] == ys[0]  # 5 is drawn as +2, inside the chart
    zero = by_class(root, "jg-zero")[0]
    assert float(zero.get("y1")) == ys[2]
    assert float(zero.get("y1")) == float(by_class(root, "jg-negative")[0].get("y"))


def test_curve_series_differ_in_colour_dash_and_marker_and_get_a_legend():
    root = parse(
        curve(3, [series("Current", [1, 0, 1]), series("Ideal", [2, 1, 2], "jg-series-1")])
    )
    groups = by_class(root, "jg-series")
    assert [g.get("data-series") for g in groups] == ["0", "1"]
    styles = [g.get("style") for g in groups]
    assert "--jg-series-0" in styles[0] and "--jg-series-1" in styles[1]
    dashes = [by_class(g, "jg-line")[0].get("stroke-dasharray") for g in groups]
    assert dashes[0] is None and dashes[1]
    shapes = [{p.tag for p in by_class(g, "jg-point")} for g in groups]
    assert shapes[0] != shapes[1]
    assert texts(root)[-2:] == ["Current", "Ideal"]
    assert len(by_class(root, "jg-point")) == 6


def test_curve_single_series_has_no_legend():
    root = parse(curve(3, [series("Current", [1, 0, 1])]))
    assert not by_class(root, "jg-legend-label")


def test_curve_legend_on_request_and_a_shared_series_without_a_name_or_a_style_of_its_own():
    shared = series("", [], SHARED, touchpoints=[(0.3, 1), (1.5, -1)])
    root = parse(curve(3, [series("Eva", [1, 0, 1]), shared]))
    assert not by_class(root, "jg-legend-label")  # one named series: no legend by default
    root = parse(curve(3, [series("Eva", [1, 0, 1]), shared], legend=True))
    assert [t for t in texts(root) if t in ("Eva", "")] == ["Eva"]
    neutral = by_class(root, SHARED)[0]
    assert neutral.get("style") == "color:currentColor"
    assert len(by_class(neutral, "jg-touchpoint")) == 2 and not by_class(neutral, "jg-line")
    assert curve(3, [series("Eva", [1, 0, 1])]) != curve(3, [series("Eva", [1, 0, 1])], legend=True)


def test_curve_a_single_stage_point_has_no_line_and_numbers_replace_faces():
    root = parse(curve(1, [series("Current", [1])], face_labels=False))
    assert root.get("viewBox") == "0 0 200 160"
    assert len(by_class(root, "jg-point")) == 1
    assert not by_class(root, "jg-line")
    assert not by_class(root, "jg-face")
    assert texts(root) == ["+2", "0", "−2"]


def test_curve_twelve_stages_and_no_emotion_at_all():
    root = parse(curve(12, [series("Current", [i % 5 - 2 for i in range(12)])]))
    assert [p.get("data-stage") for p in by_class(root, "jg-point")] == [str(i) for i in range(12)]
    assert len(by_class(root, "jg-divider")) == 11
    empty = parse(curve(3, [series("Current", [None, None, None])]))
    assert not by_class(empty, "jg-point") and not by_class(empty, "jg-line")
    assert curve(0, [series("Current", [])]) == ""


def test_curve_escapes_every_text_and_truncates_long_legend_names():
    evil = "<script>alert('x')</script> & more"
    svg = curve(
        2,
        [series(evil + " and a very long name indeed", [1, -1]), series("B", [0, 0])],
        title=evil,
        description=evil,
    )
    assert "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{NS}title").text == evil
    assert root.find(f"{NS}desc").text == evil
    legend = texts(root)[-2]
    assert legend.endswith("…") and len(legend) == 28


# --- funnel ----------------------------------------------------------------------------------

STEPS = [
    FunnelStep("Awareness", 12000, "12.000", None),
    FunnelStep("Consideration", 4200, "4.200", "35%"),
    FunnelStep("Purchase", 340, "340", "8%", is_bottleneck=True),
    FunnelStep("Loyalty", 300, "300", "88%"),
]


def funnel(steps=STEPS, **kwargs):
    kwargs = {"title": "Funnel", "description": "Biggest drop into Purchase", **kwargs}
    return funnel_chart(steps, **kwargs)


def test_funnel_one_bar_per_step_with_widths_ordered_like_the_values():
    root = parse(funnel())
    assert_accessible(root)
    bars = by_class(root, "jg-bar")
    assert len(bars) == 4
    widths = [float(b.get("width")) for b in bars]
    assert widths == sorted(widths, reverse=True) and len(set(widths)) == 4
    assert widths[1] / widths[0] == pytest.approx(4200 / 12000, abs=0.01)  # linear
    assert root.get("data-scale") == "linear"
    labels = texts(root)
    for text in ["Awareness", "12.000", "↓ 35%", "↓ 8%", "Bottleneck", "300"]:
        assert text in labels
    assert bars[2].find(f"{NS}title").text == "Purchase: 340 (8%)"


def test_funnel_marks_the_step_into_the_biggest_drop():
    root = parse(funnel(bottleneck_label="Knelpunt"))
    marked = by_class(root, "jg-bottleneck")
    assert [g.get("data-step") for g in marked] == ["2"]
    assert "Knelpunt" in list(marked[0].itertext())
    assert by_class(marked[0], "jg-bar") == [by_class(root, "jg-bar")[2]]
    assert len(by_class(root, "jg-hatch")) == 1
    assert "Knelpunt" not in "".join(root.itertext()).replace("".join(marked[0].itertext()), "")


def test_funnel_zero_volume_keeps_a_visible_stub_and_all_zero_does_not_crash():
    steps = [FunnelStep("A", 100, "100", None), FunnelStep("B", 0, "0", "0%", True)]
    widths = [float(b.get("width")) for b in by_class(parse(funnel(steps)), "jg-bar")]
    assert widths[0] == 420 and 0 < widths[1] < 5
    zeros = [FunnelStep("A", 0, "0", None), FunnelStep("B", 0, "0", None)]
    assert len(by_class(parse(funnel(zeros)), "jg-bar")) == 2


def test_funnel_switches_to_square_root_only_when_linear_bars_vanish():
    steps = [FunnelStep("Visit", 1_000_000, "1M", None), FunnelStep("Pay", 900, "900", "0.09%")]
    root = parse(funnel(steps))
    assert root.get("data-scale") == "sqrt"
    small = float(by_class(root, "jg-bar")[1].get("width"))
    assert small == pytest.approx(420 * (900 / 1_000_000) ** 0.5, abs=0.1)


def test_funnel_escapes_and_truncates_long_labels():
    long = "<script>x</script> " + "Very long stage name " * 5
    steps = [FunnelStep(long, 10, "10", None), FunnelStep("B & C", 5, "5", "50%", True)]
    svg = funnel(steps)
    assert "<script>" not in svg and "B &amp; C" in svg
    root = parse(svg)
    label = by_class(root, "jg-step-label")[0].text
    assert label.endswith("…") and long.startswith(label[:-1])
    assert by_class(root, "jg-bar")[0].find(f"{NS}title").text == f"{long}: 10"


def test_funnel_single_step_and_empty():
    root = parse(funnel([FunnelStep("Only", 7, "7", None)]))
    assert len(by_class(root, "jg-bar")) == 1 and not by_class(root, "jg-rate")
    assert funnel([]) == ""


# --- sparkline -------------------------------------------------------------------------------


def spark_ys(root: ET.Element) -> tuple[float, float]:
    """y of the last point and of the one before it (from the last segment)."""
    d = by_class(root, "jg-spark-last")[0].get("d")
    (_, y0), (_, y1) = (map(float, p.split()) for p in d[1:].split("L"))
    return y0, y1


def test_sparkline_draws_the_series_with_the_last_move_classed():
    root = parse(sparkline([1, 3, 2, 5], title="NPS 5, up from 2"))
    assert_accessible(root, desc=False)
    assert root.get("viewBox") == "0 0 96 24" and root.get("width") == "96"
    assert root.find(f"{NS}title").text == "NPS 5, up from 2"
    previous, last = spark_ys(root)
    assert last < previous  # 5 is higher than 2
    assert by_class(root, "jg-spark-good") and not by_class(root, "jg-spark-bad")


@pytest.mark.parametrize(
    ("values", "better", "mood"),
    [
        ([3, 4], "higher", "good"),
        ([4, 3], "higher", "bad"),
        ([4, 3], "lower", "good"),
        ([3, 4], "lower", "bad"),
        ([3, 3], "higher", "flat"),
        ([-5, -1, -3], "higher", "bad"),
    ],
)
def test_sparkline_colours_the_last_move_against_better(values, better, mood):
    root = parse(sparkline(values, title="t", better=better))
    assert by_class(root, f"jg-spark-{mood}")


def test_sparkline_target_inside_near_and_far():
    inside = parse(sparkline([10, 20, 30], title="t", target=20))
    line = by_class(inside, "jg-spark-target")[0]
    assert float(line.get("y1")) == 12  # halfway between 10 (y 21) and 30 (y 3)
    near = parse(sparkline([10, 20], title="t", target=25))
    target_y = float(by_class(near, "jg-spark-target")[0].get("y1"))
    assert target_y == 3  # the range grew to include the target: it is the top
    assert spark_ys(near)[1] > target_y
    far = parse(sparkline([10, 20], title="t", target=1000))
    assert not by_class(far, "jg-spark-target")


def test_sparkline_edge_cases():
    assert sparkline([], title="t") == ""
    one = parse(sparkline([42], title="t"))
    assert not one.findall(f".//{NS}path") and len(one.findall(f".//{NS}circle")) == 1
    flat = parse(sparkline([5, 5, 5], title="t", target=5))
    assert spark_ys(flat) == (12, 12)
    assert "&lt;b&gt;" in sparkline([1, 2], title="<b>")


def test_output_is_deterministic_and_ids_differ_between_charts():
    a = curve(3, [series("Current", [1, 0, -1])])
    assert a == curve(3, [series("Current", [1, 0, -1])])
    assert funnel() == funnel()
    b = curve(3, [series("Current", [1, 0, 1])])
    assert parse(a).get("aria-labelledby") != parse(b).get("aria-labelledby")
    numbers = re.findall(r"-?\d+(?:\.\d+)?", " ".join(re.findall(r'(?:d|x|y|cx|cy)="([^"]*)"', a)))
    assert numbers and not [n for n in numbers if n == "-0" or n.endswith(".0")]
    assert all(len(n.partition(".")[2]) <= 1 for n in numbers)  # rounded to 0.1


# --- in a browser ----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
def test_charts_fit_their_viewbox_in_a_real_browser(tmp_path):
    """Text widths are estimated in Python; Chromium checks that nothing spills or overlaps."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no chromium")
    long = "Purchase and a very long stage name that goes on and on"
    steps = [*STEPS[:2], FunnelStep(long, 340, "340.000.000", "8,1%", True), *STEPS[3:]]
    two = [series("Current", [1, -1, -2]), series("Ideal " * 8, [2, 1, 0], "jg-series-1")]
    charts = [funnel(steps), curve(3, two), sparkline([1, 3, 2], title="t", target=3)]
    page_html = "<!doctype html><meta charset=utf-8><body style='font-family:sans-serif'>"
    (tmp_path / "charts.html").write_text(page_html + "".join(charts), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        for width in (1200, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((tmp_path / "charts.html").as_uri())
            spill = page.evaluate("""() => [...document.querySelectorAll('svg text')].filter(t => {
                const b = t.getBBox(), v = t.ownerSVGElement.viewBox.baseVal;
                return b.x < -1 || b.y < -1 || b.x + b.width > v.width + 1
                    || b.y + b.height > v.height + 1; }).map(t => t.textContent)""")
            assert spill == []
            overlap = page.evaluate("""() => {
                const g = document.querySelector('.jg-bottleneck');
                const label = g.querySelector('.jg-step-label').getBBox();
                const badge = g.querySelector('.jg-badge').getBBox();
                return label.x + label.width > badge.x; }""")
            assert not overlap
            assert page.locator(".jg-funnel .jg-bar").count() == 4
            page.screenshot(path=str(tmp_path / f"charts-{width}.png"), full_page=True)
        browser.close()


def test_sparkline_leaves_a_gap_where_a_period_is_missing():
    plain = sparkline([1, 3, 2, 5], title="t")
    assert sparkline([1, 3, 2, 5], title="t", positions=(0, 1, 2, 3)) == plain
    gapped = parse(sparkline([1, 3, 2, 5], title="t", positions=(0, 1, 3, 4)))
    rest = by_class(gapped, "jg-spark-line")[0].get("d")
    assert rest.count("M") == 2  # 1 -> 3, then 2 on its own after the gap
    xs = [float(c.get("cx")) for c in gapped.findall(f".//{NS}circle")]
    assert xs == [93.0]  # the end is still at the right edge
    last = parse(sparkline([1, 3], title="t", positions=(0, 2)))
    assert not by_class(last, "jg-spark-last")  # no line across the missing period
    assert by_class(last, "jg-spark-good")  # the end dot still says which way it went
