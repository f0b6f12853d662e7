"""Generate the sample companies under data/samples/ (deterministic; output is committed).

Synthetic people come from Faker's zh_CN locale with a fixed seed.  The datasets are
deliberately messy, like real exports: mixed encodings (UTF-8, GB18030), several Excel
sheets, Parquet, free-text remarks with identifiers in them, columns that are already
masked, and look-alike numbers that are not personal information (order and tracking
numbers, SKUs, amounts).  Run:  python scripts/generate_samples.py
(``--answers-only`` re-answers the existing samples and leaves their data files alone).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pandas as pd
import yaml
from faker import Faker
from stdnum import luhn
from stdnum.cn import uscc

ROOT = Path(__file__).resolve().parents[1] / "data" / "samples"
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤川"
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"


class People:
    def __init__(self, seed: int):
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.rnd = random.Random(seed)

    def resident_id(self) -> str:
        # a few minors under 14 among the customers (family accounts, students)
        if self.rnd.random() < 0.02:
            return self.fake.ssn(min_age=3, max_age=13)
        return self.fake.ssn(min_age=18, max_age=85)

    def bank_card(self) -> str:
        body = self.rnd.choice(["621226", "622202", "622848", "621700", "436742"]) + "".join(
            self.rnd.choice("0123456789") for _ in range(self.rnd.choice([9, 12]))
        )
        return body + luhn.calc_check_digit(body)

    def mobile(self) -> str:
        number = self.fake.phone_number()
        style = self.rnd.random()
        if style < 0.15:
            return f"+86 {number}"
        if style < 0.3:
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        return number

    def landline(self) -> str:
        area = self.rnd.choice(["021", "010", "0755", "020", "0571", "025", "028", "027"])
        return f"{area}-{self.rnd.randint(2, 8)}{self.rnd.randint(1000000, 9999999)}"

    def plate(self) -> str:
        tail = "".join(self.rnd.choice(PLATE_CHARS) for _ in range(4)) + str(self.rnd.randint(0, 9))
        return self.rnd.choice(PLATE_PROVINCES) + self.rnd.choice("ABCDEFGH") + tail

    def uscc(self) -> str:
        body = (
            "91"
            + self.rnd.choice(["310115", "110105", "440300", "330106"])
            + "".join(self.rnd.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        )
        return body + uscc.calc_check_digit(body)

    def order_no(self) -> str:
        return f"DD{self.rnd.randint(2023, 2025)}{self.rnd.randint(10**13, 10**14 - 1)}"

    def tracking_no(self) -> str:
        return self.rnd.choice(["SF", "YT", "JD"]) + str(self.rnd.randint(10**11, 10**13))

    @staticmethod
    def masked_mobile(number: str) -> str:
        digits = "".join(ch for ch in number if ch.isdigit())[-11:]
        return digits[:3] + "****" + digits[-4:]

    def remark(self, name: str, phone: str, address: str) -> str:
        pick = self.rnd.random()
        if pick < 0.45:
            return ""
        if pick < 0.6:
            return f"客户{name}来电要求修改地址为{address}"
        if pick < 0.72:
            return f"回访电话{phone}，客户满意"
        if pick < 0.8:
            return f"{name}女士要求开具发票" if self.rnd.random() < 0.5 else f"{name}先生已结清尾款"
        return self.rnd.choice(["老客户，优先发货", "月结客户", "请勿电话打扰", "VIP", "已核实身份", "等待复核"])


def customers(p: People, n: int) -> list[dict]:
    rows = []
    for i in range(n):
        name, address, phone = p.fake.name(), p.fake.address(), p.mobile()
        rows.append(
            {
                "name": name,
                "address": address,
                "phone": phone,
                "id": p.resident_id(),
                "card": p.bank_card(),
                "email": p.fake.email(),
                "i": i,
            }
        )
    return rows


def write_company(folder: Path, profile: dict, answers: dict) -> None:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    profile = {**profile, **PROFILE_EXTRAS.get(folder.name, {})}
    (folder / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), "utf-8")
    (folder / "assessment.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), "utf-8")


NOTES = {
    "partial": ["有制度文本，执行记录不完整", "仅覆盖部分系统", "已启动，尚未完成"],
    "non_compliant": ["尚未开展", "无书面记录", "访谈中确认未执行"],
    "not_applicable": ["公司无境外业务，不涉及出境"],
}

#: each sample's answering profile, chosen so the demo portfolio shows a realistic spread:
#: (seed, share of controls answered, share of answers compliant)
ANSWER_PROFILES = {
    "hanghai_shipping": (2, 0.97, 1.0),  # nearly complete, compliant answers; the scan still finds gaps
    "xinyuan_trading": (2, 1.0, 0.7),  # complete, mixed
    "huakang_home_services": (3, 0.7, 0.4),  # provisional: about two thirds answered
    "dongyue_machinery": (4, 0.4, 0.7),  # just started: too few answers for a level
    "qinghe_dental": (5, 0.6, 0.5),  # patients in a SQLite database; provisional
}


#: report details each sample's profile carries (romanised consultant names, reviewer,
#: categories of data subjects, document control)
PROFILE_EXTRAS = {
    "hanghai_shipping": {
        "consultant_en": "Lin Xiao",
        "reviewer": "周航",
        "reviewer_en": "Zhou Hang",
        "data_subjects": ["托运客户", "收货人", "企业客户联系人"],
        "data_subjects_en": ["shippers", "consignees", "contacts at business customers"],
        "notes_en": "In liquidation; customer data sits on a local server and in Excel ledgers.",
        "document": {
            "version": "1.2",
            "status": "final",
            "distribution": "清算组；评估顾问",
            "distribution_en": "The liquidation team; the assessing consultant",
        },
    },
    "xinyuan_trading": {
        "consultant_en": "Zhou Hang",
        "reviewer": "林晓",
        "reviewer_en": "Lin Xiao",
        "data_subjects": ["会员", "下单客户"],
        "data_subjects_en": ["members", "customers who ordered"],
        "notes_en": "The whole equity is being transferred (the company's bank account is not part of "
        "the deal); the buyer intends to keep running the membership business.",
        "document": {
            "version": "1.0",
            "status": "final",
            "distribution": "转让双方管理层；评估顾问",
            "distribution_en": "Management of both parties to the transfer; the assessing consultant",
        },
    },
    "huakang_home_services": {
        "consultant_en": "Lin Xiao",
        "data_subjects": ["家政服务客户", "员工"],
        "data_subjects_en": ["home-service customers", "employees"],
        "notes_en": "Deregistration is complete; the former shareholders still hold the customer work-order system.",
        "document": {"version": "0.3", "status": "draft"},
    },
    "dongyue_machinery": {
        "consultant_en": "Zhou Hang",
        "data_subjects": ["经销商负责人", "报修客户", "股东"],
        "data_subjects_en": ["dealer principals", "customers reporting repairs", "shareholders"],
        "notes_en": "Non-listed joint-stock company; the shareholders' meeting has resolved to "
        "dissolve and the liquidation team is in place.",
        "document": {"version": "0.1", "status": "draft"},
    },
    "qinghe_dental": {
        "consultant_en": "Lin Xiao",
        "notes_en": "The clinic plans to deregister; patient records are in the practice-management "
        "software (an SQLite database) on the front-desk computer.",
    },
}


def sample_answers(scenario: str, seed: int, coverage: float, quality: float) -> dict:
    """A plausible assessment: ``coverage`` of the controls answered, ``quality`` of them compliant,
    with short notes on the gaps and evidence references on the compliant answers."""
    from workbench.checklists import load_checklist

    rnd = random.Random(seed)
    answers = {}
    for point in load_checklist(scenario).points:
        for control in point.controls:
            if rnd.random() > coverage:
                continue
            r = rnd.random()
            answer = "compliant" if r < quality else "partial" if r < quality + (1 - quality) / 2 else "non_compliant"
            if point.category == "cross_border" and rnd.random() < 0.7:
                answer = "not_applicable"
            note = rnd.choice(NOTES[answer]) if answer in NOTES else ""
            evidence = [f"附件{point.id[1:]}-{control.id.split('.')[1]}"] if answer == "compliant" else []
            answers[control.id] = {"answer": answer, "note": note, "evidence": evidence}
    return {"format": "workbench-assessment/1", "scenario": scenario, "answers": answers, "audit": []}


def profile_answers(name: str, scenario: str) -> dict:
    seed, coverage, quality = ANSWER_PROFILES[name]
    return sample_answers(scenario, seed, coverage, quality)


def rewrite_answers() -> None:
    """Re-answer the existing samples (and add the report details to their profiles) without
    regenerating their data files."""
    for name in ANSWER_PROFILES:
        folder = ROOT / name
        profile = {**yaml.safe_load((folder / "company.yaml").read_text("utf-8")), **PROFILE_EXTRAS.get(name, {})}
        (folder / "company.yaml").write_text(yaml.safe_dump(profile, allow_unicode=True, sort_keys=False), "utf-8")
        answers = profile_answers(name, profile["scenario"])
        (folder / "assessment.yaml").write_text(yaml.safe_dump(answers, allow_unicode=True, sort_keys=False), "utf-8")
        print("answered", name, f"{len(answers['answers'])} controls")


def shipping(p: People) -> None:
    folder = ROOT / "hanghai_shipping"
    people = customers(p, 3000)
    df = pd.DataFrame(
        {
            "客户编号": [f"HH{100000 + r['i']}" for r in people],
            "客户姓名": [r["name"] for r in people],
            "身份证号码": [r["id"] for r in people],
            "联系电话": [r["phone"] for r in people],
            "电子邮箱": [r["email"] for r in people],
            "通讯地址": [r["address"] for r in people],
            "最近运单号": [p.tracking_no() for _ in people],
            "运费合计": [f"{p.rnd.uniform(100, 90000):.2f}" for _ in people],
            "备注": [p.remark(r["name"], r["phone"], p.fake.address()) for r in people],
        }
    )
    write_company(
        folder,
        {
            "name": "上海沪航远洋物流有限公司",
            "name_en": "Shanghai Huhang Ocean Logistics Co., Ltd.",
            "scenario": "deregistration",
            "consultant": "林晓",
            "datasets": ["data"],
            "notes": "注销清算阶段；客户数据存于本地服务器与 Excel 台账。",
        },
        profile_answers("hanghai_shipping", "deregistration"),
    )
    df.to_csv(folder / "data" / "shippers.csv", index=False, encoding="utf-8")
    consignees = customers(p, 1500)
    with pd.ExcelWriter(folder / "data" / "consignments.xlsx") as xl:
        pd.DataFrame(
            {
                "运单号": [p.tracking_no() for _ in consignees],
                "收货人": [r["name"] for r in consignees],
                "收货电话": [p.masked_mobile(r["phone"]) for r in consignees],
                "收货地址": [r["address"] for r in consignees],
                "货值(元)": [round(p.rnd.uniform(10, 50000), 2) for _ in consignees],
            }
        ).to_excel(xl, sheet_name="收货人", index=False)
        pd.DataFrame(
            {
                "企业名称": [p.fake.company() for _ in range(300)],
                "统一社会信用代码": [p.uscc() for _ in range(300)],
                "联系人": [p.fake.name() for _ in range(300)],
                "办公电话": [p.landline() for _ in range(300)],
            }
        ).to_excel(xl, sheet_name="企业客户", index=False)


def account_transfer(p: People) -> None:
    folder = ROOT / "xinyuan_trading"
    people = customers(p, 4000)
    members = pd.DataFrame(
        {
            "会员号": [f"M{200000 + r['i']}" for r in people],
            "姓名": [r["name"] for r in people],
            "手机号": [r["phone"] for r in people],
            "证件号码": [r["id"][:4] + "*" * 10 + r["id"][-4:] for r in people],  # masked at source
            "银行卡号": [r["card"] for r in people],
            "积分": [p.rnd.randint(0, 50000) for _ in people],
            "备注": [p.remark(r["name"], r["phone"], r["address"]) for r in people],
        }
    )
    write_company(
        folder,
        {
            "name": "深圳鑫源商贸有限公司",
            "name_en": "Shenzhen Xinyuan Trading Co., Ltd.",
            "scenario": "account_transfer",
            "consultant": "周航",
            "datasets": ["data"],
            "notes": "股权整体转让（公司银行账户不作为转让标的）；受让方拟继续经营会员业务。",
        },
        profile_answers("xinyuan_trading", "account_transfer"),
    )
    members.to_csv(folder / "data" / "members_gb18030.csv", index=False, encoding="gb18030")
    orders = pd.DataFrame(
        {
            "订单号": [p.order_no() for _ in range(5000)],
            "会员号": [f"M{200000 + p.rnd.randrange(4000)}" for _ in range(5000)],
            "收货地址": [p.fake.address() for _ in range(5000)],
            "商品编码": [str(p.rnd.randint(10**10, 10**11)) for _ in range(5000)],
            "金额": [round(p.rnd.uniform(5, 3000), 2) for _ in range(5000)],
            "下单IP": [p.fake.ipv4() for _ in range(5000)],
        }
    )
    orders.to_parquet(folder / "data" / "orders.parquet", index=False)


def housekeeping(p: People) -> None:
    folder = ROOT / "huakang_home_services"
    people = customers(p, 2500)
    tickets = []
    for r in people:
        kind = p.rnd.random()
        if kind < 0.3:
            text = f"来电人{r['name']}（身份证{r['id']}）申请注销账户"
        elif kind < 0.55:
            text = f"客户{r['name']}反映保洁未上门，手机{r['phone']}"
        elif kind < 0.7:
            text = f"{r['name']}女士预约上门服务，地址{r['address']}"
        else:
            text = p.rnd.choice(["服务满意度回访", "订单已完成", "设备维修已派单", "投诉已处理完毕"])
        tickets.append(text)
    write_company(
        folder,
        {
            "name": "杭州华康家政服务有限公司",
            "name_en": "Hangzhou Huakang Home Services Co., Ltd.",
            "scenario": "post_deregistration",
            "consultant": "林晓",
            "datasets": ["data", "documents"],
            "notes": "已完成工商注销，客户工单系统仍由原股东保管。",
        },
        profile_answers("huakang_home_services", "post_deregistration"),
    )
    pd.DataFrame(
        {
            "工单号": [f"T{300000 + i}" for i in range(len(people))],
            "工单内容": tickets,
            "创建时间": [
                f"2025-{p.rnd.randint(1, 12):02d}-{p.rnd.randint(1, 28):02d} {p.rnd.randint(0, 23):02d}:00"
                for _ in people
            ],
        }
    ).to_parquet(folder / "data" / "tickets.parquet", index=False)
    with pd.ExcelWriter(folder / "data" / "customers.xlsx") as xl:
        pd.DataFrame(
            {
                "客户姓名": [r["name"] for r in people],
                "联系手机": [r["phone"] for r in people],
                "服务地址": [r["address"] for r in people],
                "出生日期": [r["id"][6:10] + "-" + r["id"][10:12] + "-" + r["id"][12:14] for r in people],
            }
        ).to_excel(xl, sheet_name="客户", index=False)
        pd.DataFrame(
            {
                "姓名": [p.fake.name() for _ in range(120)],
                "工号": [f"E{4000 + i}" for i in range(120)],
                "车牌号": [p.plate() for _ in range(120)],
            }
        ).to_excel(xl, sheet_name="员工车辆", index=False)


def housekeeping_documents(p: People) -> None:
    """The home-services company's paper side: contracts, scans, ID-card copies, e-mail."""
    from document_factory import company_documents  # scripts/, beside this file

    company_documents(ROOT / "huakang_home_services" / "documents", seed=p.rnd.randint(0, 10**6))


def joint_stock(p: People) -> None:
    folder = ROOT / "dongyue_machinery"
    people = customers(p, 2000)
    write_company(
        folder,
        {
            "name": "山东东岳精密机械股份有限公司",
            "name_en": "Shandong Dongyue Precision Machinery Co., Ltd.",
            "scenario": "joint_stock_deregistration",
            "consultant": "周航",
            "datasets": ["data"],
            "notes": "非上市股份公司，股东会已决议解散，清算组已成立。",
        },
        profile_answers("dongyue_machinery", "joint_stock_deregistration"),
    )
    pd.DataFrame(
        {
            "经销商名称": [p.fake.company() for _ in people],
            "负责人": [r["name"] for r in people],
            "负责人手机": [r["phone"] for r in people],
            "负责人邮箱": [r["email"] for r in people],
            "开票地址": [r["address"] for r in people],
            "合同编号": [f"HT{p.rnd.randint(2019, 2025)}-{p.rnd.randint(1000, 9999)}" for _ in people],
            "回款账号": [r["card"] for r in people],
        }
    ).to_csv(folder / "data" / "dealers.csv", index=False, encoding="utf-8-sig")
    service = customers(p, 1200)
    with pd.ExcelWriter(folder / "data" / "after_sales.xlsx") as xl:
        pd.DataFrame(
            {
                "报修人": [r["name"] for r in service],
                "身份证": [r["id"] for r in service],
                "电话": [r["phone"] for r in service],
                "设备序列号": [f"SN{p.rnd.randint(10**9, 10**10)}" for _ in service],
                "处理记录": [p.remark(r["name"], r["phone"], r["address"]) for r in service],
            }
        ).to_excel(xl, sheet_name="报修记录", index=False)
        pd.DataFrame(
            {
                "股东姓名": [p.fake.name() for _ in range(40)],
                "持股数": [p.rnd.randint(10000, 900000) for _ in range(40)],
                "身份证号": [p.resident_id() for _ in range(40)],
            }
        ).to_excel(xl, sheet_name="股东名册", index=False)


def desktop_clinic(p: People) -> None:
    """A dental clinic whose patients live in its desktop software's SQLite database (the
    demo of a database scan that needs no server); ``company.yaml`` names it by URL."""
    import sqlite3

    folder = ROOT / "qinghe_dental"
    people = customers(p, 800)
    write_company(
        folder,
        {
            "name": "成都青禾口腔诊所有限公司",
            "name_en": "Chengdu Qinghe Dental Clinic Co., Ltd.",
            "scenario": "deregistration",
            "consultant": "林晓",
            "datasets": [{"url": "sqlite:///data/clinic.sqlite", "exclude_tables": ["sys_*"]}],
            "notes": "诊所拟注销；患者档案保存在前台电脑的诊所管理软件（SQLite 数据库）中。",
        },
        profile_answers("qinghe_dental", "deregistration"),
    )
    path = folder / "data" / "clinic.sqlite"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE patients (id INTEGER PRIMARY KEY, 姓名 TEXT, 性别 TEXT, 身份证号 TEXT, 手机号 TEXT,
                               住址 TEXT, 备注 TEXT, 建档日期 DATE);
        CREATE TABLE visits (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patients(id),
                             就诊日期 DATE, 项目 TEXT, 费用 NUMERIC, 医生 TEXT);
        CREATE TABLE sys_settings (key TEXT PRIMARY KEY, value TEXT);
        CREATE VIEW patient_contacts AS SELECT 姓名, 手机号 FROM patients;
    """)
    db.executemany(
        "INSERT INTO patients VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r["i"] + 1,
                r["name"],
                "男" if int(r["id"][16]) % 2 else "女",
                r["id"],
                r["phone"],
                r["address"],
                p.remark(r["name"], r["phone"], r["address"]) if p.rnd.random() < 0.3 else None,
                f"20{p.rnd.randint(15, 24)}-{p.rnd.randint(1, 12):02d}-{p.rnd.randint(1, 28):02d}",
            )
            for r in people
        ],
    )
    doctors = [p.fake.name() for _ in range(4)]
    db.executemany(
        "INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                i + 1,
                p.rnd.randint(1, len(people)),
                f"2025-{p.rnd.randint(1, 12):02d}-{p.rnd.randint(1, 28):02d}",
                p.rnd.choice(["洁牙", "补牙", "根管治疗", "拔牙", "正畸复诊", "种植咨询"]),
                round(p.rnd.uniform(80, 6000), 2),
                p.rnd.choice(doctors),
            )
            for i in range(1500)
        ],
    )
    db.executemany("INSERT INTO sys_settings VALUES (?, ?)", [("version", "3.2.1"), ("printer", "HP-01")])
    db.commit()
    db.execute("VACUUM")
    db.close()


def main() -> None:
    import sys

    if "--answers-only" in sys.argv[1:]:
        rewrite_answers()
        return
    if ROOT.exists():
        shutil.rmtree(ROOT)
    for seed, build in enumerate((shipping, account_transfer, housekeeping, joint_stock, desktop_clinic), start=1):
        build(People(seed))
        print("built", build.__name__)
    housekeeping_documents(People(5))
    print("built", housekeeping_documents.__name__)


if __name__ == "__main__":
    main()
