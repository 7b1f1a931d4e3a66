"""Journeys through the web application in a real browser (Debian's chromium, driven by Playwright).

Run by Scripts/browser-tests.sh against `gongkai demo` on a fresh SQLite file. Every page visited
is checked for console errors and failed requests, and for fields without a label; each journey
asserts what its user must see. With --screenshots DIR, the main pages are saved at desktop and
phone widths.
"""

import argparse
import csv
import io
import re
import sys
import zipfile
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

PASSWORD = "gongkai-demo"
FIXTURES = Path(__file__).resolve().parent.parent / "Fixtures"


class Watch:
    """Console errors and failed requests of a page, collected as it is used."""

    def __init__(self, page: Page):
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        # ERR_ABORTED is the browser itself letting a load go: a download saved instead of shown,
        # or the icon of a page it has already left. A server that fails answers 4xx/5xx below.
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"request failed: {r.url} {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
        )
        page.on(
            "response",
            lambda r: self.problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None,
        )

    def check(self, where: str):
        problems, self.problems = self.problems, []
        assert not problems, f"{where}: {problems}"


def labelled(page: Page, where: str):
    """Every visible field has a label (for=, wrapping label or aria-label)."""
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
        .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.name || e.id)"""
    )
    assert not unlabelled, f"{where}: fields without a label: {unlabelled}"


def visit(page: Page, watch: Watch, url: str):
    page.goto(url)
    watch.check(url)
    labelled(page, url)


def log_in(page: Page, base: str, name: str):
    page.goto(f"{base}/login")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.locator(".account")).to_contain_text(name)


def log_out(page: Page):
    page.get_by_role("button", name="退出").click()
    expect(page.locator(".account")).to_contain_text("工作人员登录")


def applicant_applies_and_tracks(page: Page, watch: Watch, base: str) -> str:
    visit(page, watch, f"{base}/")
    # The skip link comes first in the keyboard's order.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    page.get_by_role("link", name="在线申请政府信息公开").click()
    watch.check("apply")
    labelled(page, "apply")
    page.get_by_label("公民").check()
    page.get_by_label("姓名或名称").fill("赵小明")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("信息名称").fill("本县2026年城市道路改造项目的招标文件")
    page.get_by_label("信息的形式").select_option("电子文档")
    page.get_by_label("获取方式").select_option("在线查看")
    page.get_by_role("button", name="提交申请").click()
    # Refused: the wrong check digit and the missing declaration are named at their fields.
    expect(page.locator("#problems")).to_contain_text("居民身份证号码应为18位，且校验位正确")
    expect(page.locator("#problems")).to_contain_text("请阅读并勾选申请人声明")
    expect(page.get_by_label("姓名或名称")).to_have_value("赵小明")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("本人承诺").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", name="申请已提交")).to_be_visible()
    watch.check("receipt")
    token = page.locator("#token").inner_text()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), token
    due = page.locator("dl.facts").inner_text()
    assert "答复期限" in due, due

    page.get_by_role("link", name="进度查询").first.click()
    page.get_by_label("查询码").fill(token)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("heading", name="申请办理进度")).to_be_visible()
    expect(page.locator("main")).to_contain_text("办理中")
    expect(page.locator("main")).not_to_contain_text("赵小明")
    page.get_by_text("答复期限如何计算").click()
    expect(page.locator("details")).to_contain_text("工作日")
    watch.check("tracked")
    # Someone else's code opens nothing.
    page.goto(f"{base}/track")
    page.get_by_label("查询码").fill(token[:-1] + ("A" if token[-1] != "A" else "B"))
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("没有与此查询码对应的申请")
    return token


def cell(page: Page, cell_id: str) -> int:
    return int(page.locator(f'td[data-cell="{cell_id}"]').inner_text().strip() or 0)


def clerk_handles_the_request(page: Page, watch: Watch, base: str, year: int):
    log_in(page, base, "clerk")
    watch.check("desk")
    labelled(page, "desk")
    expect(page.locator("#fresh").locator("xpath=..")).to_contain_text("本县2026年城市道路改造项目的招标文件")
    visit(page, watch, f"{base}/office/report?year={year}")
    granted_before = cell(page, "t3.granted.natural")
    visit(page, watch, f"{base}/office")
    page.locator("section", has=page.locator("#fresh")).locator("tr", has_text="本县2026年城市道路改造项目的招标文件").get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("申请")
    expect(page.locator("main")).to_contain_text("赵小明")
    # 补正告知, then the amended application.
    page.get_by_text("告知补正", exact=True).click()
    page.get_by_role("button", name="确认告知补正").click()
    expect(page.locator(".flash")).to_contain_text("已记录：告知补正")
    expect(page.locator(".badge").first).to_contain_text("待申请人补正")
    page.get_by_text("收到补正", exact=True).click()
    page.get_by_role("button", name="确认收到补正").click()
    expect(page.locator(".flash")).to_contain_text("已记录：收到补正")
    assert page.get_by_role("button", name="确认答复").count() == 0, "a clerk does not decide"
    url = page.url
    watch.check("request")
    log_out(page)

    # The reply is the head's (or a reviewer's) decision, with its legal basis.
    log_in(page, base, "head")
    page.goto(url)
    page.get_by_text("答复", exact=True).click()
    page.get_by_label("答复结果").select_option("granted")
    page.get_by_label("法律依据").fill("《政府信息公开条例》第三十六条第（二）项")
    page.get_by_role("button", name="确认答复").click()
    expect(page.locator("h1 .badge")).to_contain_text("办结")
    log_out(page)

    log_in(page, base, "clerk")
    visit(page, watch, f"{base}/office/report?year={year}")
    assert cell(page, "t3.granted.natural") == granted_before + 1, "the reply is counted in table 三"
    page.get_by_role("link", name="预览全文").click()
    expect(page.locator("body")).to_contain_text("政府信息公开工作年度报告")
    watch.check("preview")
    page.go_back()
    log_out(page)


def item_goes_through_three_reviews(page: Page, watch: Watch, base: str):
    log_in(page, base, "clerk")
    visit(page, watch, f"{base}/office/items")
    page.get_by_text("登记一条待公开信息").click()
    page.get_by_label("索引号").fill("DEMO-ITEM-1")
    page.get_by_label("标题").fill("示例县2026年第四季度重点项目推进情况")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".flash")).to_contain_text("已登记")
    row = page.locator("#item-DEMO-ITEM-1")
    row.get_by_role("button", name="初审通过").click()
    expect(page.locator("#item-DEMO-ITEM-1")).to_contain_text("待复审")
    assert page.locator("#item-DEMO-ITEM-1").get_by_role("button", name="复审通过").count() == 0, "复审 is the reviewer's"
    log_out(page)
    for name, step in [("reviewer", "复审"), ("head", "终审")]:
        log_in(page, base, name)
        page.goto(f"{base}/office")
        expect(page.locator("main")).to_contain_text("示例县2026年第四季度重点项目推进情况")
        page.goto(f"{base}/office/items")
        page.locator("#item-DEMO-ITEM-1").get_by_role("button", name=f"{step}通过").click()
        expect(page.locator(".flash")).to_contain_text("已审核通过")
        watch.check(step)
        if name != "head":
            log_out(page)
    page.locator("#item-DEMO-ITEM-1").get_by_role("button", name="公开").click()
    expect(page.locator("#item-DEMO-ITEM-1")).to_contain_text("已公开")
    log_out(page)


def supervisor_collects_reviews_and_exports(page: Page, watch: Watch, base: str, year: int):
    log_in(page, base, "supervisor")
    visit(page, watch, f"{base}/supervision?year={year}")
    expect(page.locator("main")).to_contain_text("已报送")
    # A batch: a zip with a report the register does not know, and a file no reader takes.
    batch = io.BytesIO()
    with zipfile.ZipFile(batch, "w") as z:
        z.writestr("外地报告.txt", (FIXTURES / "text" / "pingtan-2023-flat.txt").read_bytes())
        z.writestr("旧文件.doc", b"\xd0\xcf\x11\xe0\x00\x00")
    page.goto(f"{base}/supervision/upload")
    labelled(page, "upload")
    page.get_by_label("报告文件或zip压缩包").set_input_files(
        [{"name": "batch.zip", "mimeType": "application/zip", "buffer": batch.getvalue()}]
    )
    page.get_by_role("button", name="上传并读取").click()
    expect(page.get_by_role("heading", name="上传结果")).to_be_visible(timeout=60000)
    expect(page.locator("main")).to_contain_text("待指定机构或年度")
    expect(page.locator("main")).to_contain_text("旧文件.doc")
    watch.check("uploaded")

    page.goto(f"{base}/supervision?year={year}")
    page.get_by_role("link", name=re.compile("^有错误")).click()
    rows = page.locator("#tracker tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert rows.nth(i).get_attribute("data-state") == "errors"
    page.get_by_role("link", name=re.compile("^未报送")).click()
    expect(page.locator("#tracker")).to_contain_text("青山乡")
    # Down the hierarchy: the county's agencies, with the path back up.
    page.goto(f"{base}/supervision?year={year}")
    page.locator("#tracker tr", has_text="示例县人民政府").get_by_role("link", name="下级").click()
    expect(page.get_by_role("navigation", name="地区层级")).to_contain_text("示例县人民政府")
    expect(page.locator("#tracker tbody tr")).to_have_count(13)
    watch.check("tracker")

    visit(page, watch, f"{base}/supervision/findings?year={year}&class=report")
    first = page.locator("ul.review-queue > li").first
    fingerprint = first.get_attribute("id")
    first.get_by_role("button", name="排除").click()
    expect(page.locator(".flash")).to_contain_text("排除问题必须填写理由")
    item = page.locator(f"#{fingerprint}")
    item.get_by_label("复核意见").fill("该数字经电话核实为报告排版错误，原始台账无误")
    item.get_by_role("button", name="排除").click()
    expect(page.locator(".flash")).to_contain_text("已排除")
    assert page.locator(f"#{fingerprint}").count() == 0, "a decided finding leaves the queue"
    page.get_by_role("link", name="已复核").click()
    expect(page.locator(f"#{fingerprint}")).to_contain_text("电话核实")
    page.locator(f"#{fingerprint}").get_by_role("button", name="撤销复核").click()
    expect(page.locator(".flash")).to_contain_text("已撤销")
    watch.check("review")

    page.goto(f"{base}/supervision?year={year}")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 12 and "t3.new.total" in ",".join(rows[0] + rows[1]), rows[:2]
    visit(page, watch, f"{base}/supervision/measures?year={year}")
    expect(page.locator("svg.chart")).to_have_count(3)
    expect(page.locator("main")).to_contain_text("办结申请的结果构成")
    visit(page, watch, f"{base}/supervision/rollup/county?year={year}")
    expect(page.locator("main")).to_contain_text("青山乡")
    # The report the register did not know is assigned by hand: 青山乡 has its year's report.
    visit(page, watch, f"{base}/supervision/unassigned")
    item = page.locator("ul.review-queue > li", has_text="外地报告.txt")
    item.get_by_label("机构").select_option("hill")
    item.get_by_label("年度").fill(str(year))
    item.get_by_role("button", name="指定").click()
    expect(page.locator(".flash")).to_contain_text("已指定为hill")
    visit(page, watch, f"{base}/supervision?year={year}&state=missing")
    expect(page.locator("main")).to_contain_text("没有符合条件的机构")
    log_out(page)


def workbench_outlines_the_broken_cell(page: Page, watch: Watch, base: str):
    visit(page, watch, f"{base}/workbench")
    text = (FIXTURES / "text" / "pingtan-2023-flat.txt").read_text(encoding="utf-8")
    page.get_by_label("报告全文").fill(text)
    page.get_by_role("button", name="读取并检查").click()
    expect(page.get_by_role("heading", name="问题")).to_be_visible(timeout=60000)
    page.locator('input[name="cell:t3.new.natural"]').fill("9999")
    page.get_by_role("button", name="重新检查").first.click()
    expect(page.locator(".flash")).to_contain_text("已更正1个单元格")
    expect(page.locator('td[data-cell="t3.new.natural"]')).to_have_class(re.compile("error"))
    finding = page.locator('button.finding[data-cells~="t3.new.natural"]').first
    finding.click()
    expect(page.locator('td.outlined[data-cell="t3.new.natural"]')).to_have_count(1)
    watch.check("workbench")


def screenshots(browser, base: str, folder: Path, year: int):
    folder.mkdir(parents=True, exist_ok=True)
    shots = [
        (None, "/", "public-home"),
        (None, "/apply", "public-apply"),
        ("clerk", "/office", "office-desk"),
        ("clerk", "/office/requests/DEMO-002", "office-request"),
        ("clerk", f"/office/report?year={year}", "office-report"),
        ("supervisor", f"/supervision?year={year}", "supervision-tracker"),
        ("supervisor", f"/supervision/findings?year={year}", "supervision-review"),
        ("supervisor", f"/supervision/measures?year={year}", "supervision-measures"),
    ]
    for width, suffix in [(1280, "desktop"), (390, "phone")]:
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        who = None
        for user, path, name in shots:
            if user != who:
                if who:
                    log_out(page)
                if user:
                    log_in(page, base, user)
                who = user
            page.goto(base + path)
            page.screenshot(path=str(folder / f"{name}-{suffix}.png"), full_page=suffix == "phone" or name.startswith("public"))
        context.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--year", type=int, required=True, help="the year whose reports the demo collected")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        watch = Watch(page)
        journeys = [
            ("an applicant applies and tracks", lambda: applicant_applies_and_tracks(page, watch, args.base)),
            ("a clerk handles the request", lambda: clerk_handles_the_request(page, watch, args.base, args.year + 1)),
            ("an item goes through 三审", lambda: item_goes_through_three_reviews(page, watch, args.base)),
            ("a supervisor collects, reviews, exports", lambda: supervisor_collects_reviews_and_exports(page, watch, args.base, args.year)),
            ("the workbench outlines a broken cell", lambda: workbench_outlines_the_broken_cell(page, watch, args.base)),
        ]
        failed = 0
        for name, journey in journeys:
            try:
                journey()
                print(f"ok   {name}")
            except Exception as error:  # noqa: BLE001 — every journey runs; each failure is reported
                failed += 1
                print(f"FAIL {name}: {error}")
                page.screenshot(path=f"/tmp/gongkai-browser-{name.replace(' ', '-')}.png", full_page=True)
        if args.screenshots:
            screenshots(browser, args.base, Path(args.screenshots), args.year)
        browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
