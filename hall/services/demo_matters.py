"""The demo hall's matter catalogue (政务服务事项): what residents come to the 青山镇 hall for, with materials.

DEMO VALUES. The matters are real kinds of township business, but every time limit, fee, condition and
material list here is an illustration, not any county's published guide (办事指南): counties set their own.
Anything that shows this catalogue shows ``DEMO_NOTE`` with it.

Plain data, no database: ``MATTERS`` is a list of frozen ``DemoMatter`` dataclasses, each with a tuple of
``DemoMaterial``. ``department`` is an index into ``hall.services.demo.DEPARTMENTS`` (the constants below name
them). Time limits are in working days counted from the day after acceptance (DOMAIN.md, 办件类型).
"""

from dataclasses import dataclass

DEMO_NOTE = "（演示数据，以当地公布的办事指南为准）"

# Indexes into hall.services.demo.DEPARTMENTS.
CIVIL_AFFAIRS = 0  # 社会事务办（民政）
SOCIAL_SECURITY = 1  # 社会保障所
MEDICAL_INSURANCE = 2  # 医疗保障站
HEALTH = 3  # 卫生健康办
AGRICULTURE = 4  # 农业农村办
VETERANS = 5  # 退役军人服务站
DISABLED_PERSONS = 6  # 残疾人联合会
JUSTICE = 7  # 司法所
DEPARTMENT_COUNT = 8

IMMEDIATE = "immediate"  # 即办件: done at the window
PROMISED = "promised"  # 承诺件: done within committed_days


@dataclass(frozen=True)
class DemoMaterial:
    """One item of a matter's material list.

    ``required`` materials are needed in every case and have no ``condition``; the others are needed only in
    the situation ``condition`` names (e.g. 委托他人代办的). ``originals`` are shown for checking and handed
    back unless the matter keeps them; ``copies`` stay with the case.
    """

    name: str
    originals: int
    copies: int
    required: bool = True
    condition: str = ""


@dataclass(frozen=True)
class DemoMatter:
    code: str
    name: str
    department: int
    kind: str  # IMMEDIATE or PROMISED
    statutory_days: int | None  # None where no law sets a limit for this stage
    committed_days: int  # 0 for 即办件
    fee: str
    conditions: str  # who may apply
    notes: str
    materials: tuple[DemoMaterial, ...]


def _when(condition: str, name: str, originals: int = 1, copies: int = 0) -> DemoMaterial:
    return DemoMaterial(name, originals, copies, required=False, condition=condition)


ID_CARD = DemoMaterial("申请人居民身份证", 1, 1)
HOUSEHOLD_REGISTER = DemoMaterial("户口簿", 1, 1)
BANK_CARD = DemoMaterial("本人社会保障卡或银行卡（用于发放）", 1, 1)
PHOTO = DemoMaterial("近期 2 寸免冠彩色照片", 2, 0)
PROXY = (
    _when("委托他人代办的", "授权委托书"),
    _when("委托他人代办的", "受托人居民身份证", 1, 1),
)
GUARDIAN = (
    _when("申请人为未成年人或无民事行为能力人的", "监护人居民身份证", 1, 1),
    _when("申请人为未成年人或无民事行为能力人的", "监护关系证明（户口簿或其他证明）", 1, 1),
)

MATTERS: list[DemoMatter] = [
    # 社会事务办（民政）
    DemoMatter(
        code="MZ-001",
        name="最低生活保障申请",
        department=CIVIL_AFFAIRS,
        kind=PROMISED,
        statutory_days=30,
        committed_days=20,
        fee="免费",
        conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合当地规定的本地户籍居民。",
        notes="乡镇受理后入户调查、民主评议并公示 7 天，调查和公示期间计入时限；特殊情况可延长至 45 个工作日。",
        materials=(
            DemoMaterial("最低生活保障申请书", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("家庭经济状况核对授权书（共同生活的成年家庭成员签字）", 1, 0),
            DemoMaterial("家庭成员收入及财产状况申报表", 1, 0),
            BANK_CARD,
            _when("家庭成员中有残疾人的", "残疾人证", 1, 1),
            _when("家庭成员患重特大疾病的", "二级以上医院诊断证明", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="MZ-002",
        name="特困人员救助供养申请",
        department=CIVIL_AFFAIRS,
        kind=PROMISED,
        statutory_days=15,
        committed_days=12,
        fee="免费",
        conditions=(
            "无劳动能力、无生活来源，且无法定赡养、抚养、扶养义务人或其义务人无履行能力的"
            "老年人、残疾人和未满 16 周岁的未成年人。"
        ),
        notes="乡镇调查核实并提出初审意见后报县民政局确认；可选择集中供养或分散供养。",
        materials=(
            DemoMaterial("特困人员救助供养申请书", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("本人收入及财产状况承诺书", 1, 0),
            _when("申请人有残疾的", "残疾人证", 1, 1),
            _when("法定义务人无履行义务能力的", "义务人无履行能力的相关证明", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="MZ-003",
        name="临时救助申请",
        department=CIVIL_AFFAIRS,
        kind=PROMISED,
        statutory_days=10,
        committed_days=5,
        fee="免费",
        conditions="因火灾、交通事故、突发重大疾病等意外事件，或因教育、医疗等刚性支出过大，导致基本生活暂时出现严重困难的家庭或个人。",
        notes="情况紧急的急难型救助可先行救助，事后补办手续。",
        materials=(
            DemoMaterial("临时救助申请书", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            BANK_CARD,
            _when("因病致困的", "医疗费用票据及诊断证明", 1, 1),
            _when("因火灾、交通事故等意外事件致困的", "事故证明或情况说明", 1, 1),
            _when("因子女就学支出过大的", "学校收费凭证", 1, 1),
        ),
    ),
    DemoMatter(
        code="MZ-004",
        name="高龄津贴申领",
        department=CIVIL_AFFAIRS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=5,
        fee="免费",
        conditions="年满 80 周岁的本地户籍老年人。",
        notes="审核通过后自次月起按月发放；老人行动不便的可由家属代办，也可申请上门办理。",
        materials=(
            ID_CARD,
            HOUSEHOLD_REGISTER,
            BANK_CARD,
            *PROXY,
        ),
    ),
    DemoMatter(
        code="MZ-005",
        name="惠民殡葬补助申领",
        department=CIVIL_AFFAIRS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=10,
        fee="免费",
        conditions="逝者为本地户籍居民且在本县殡仪馆火化的，由逝者亲属申领基本殡葬服务费用补助。",
        notes="请在火化后 6 个月内申领。",
        materials=(
            DemoMaterial("惠民殡葬补助申请表", 1, 0),
            DemoMaterial("居民死亡医学证明（推断）书", 1, 1),
            DemoMaterial("火化证明", 1, 1),
            DemoMaterial("逝者居民身份证或户口注销证明", 1, 1),
            DemoMaterial("申领人居民身份证", 1, 1),
            DemoMaterial("申领人银行卡", 1, 1),
            _when("申领人与逝者不在同一户口簿的", "亲属关系证明", 1, 1),
        ),
    ),
    # 社会保障所
    DemoMatter(
        code="SB-001",
        name="城乡居民基本养老保险参保登记",
        department=SOCIAL_SECURITY,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="年满 16 周岁（不含在校学生）、未参加职工基本养老保险的本地户籍城乡居民。",
        notes="参保后可选择缴费档次，通过社保卡、银行代扣或线上渠道缴费。",
        materials=(
            DemoMaterial("城乡居民基本养老保险参保登记表", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
        ),
    ),
    DemoMatter(
        code="SB-002",
        name="城乡居民基本养老保险待遇申领",
        department=SOCIAL_SECURITY,
        kind=PROMISED,
        statutory_days=20,
        committed_days=10,
        fee="免费",
        conditions="年满 60 周岁、累计缴费满 15 年（或按规定补缴），且未领取国家规定的基本养老保障待遇的参保人员。",
        notes="待遇自符合条件的次月起发放到本人社会保障卡；每年需进行领取资格认证。",
        materials=(
            DemoMaterial("城乡居民基本养老保险待遇领取申请表", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("本人社会保障卡", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="SB-003",
        name="城乡居民养老保险注销登记及个人账户余额继承",
        department=SOCIAL_SECURITY,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="参保人死亡、出国（境）定居或已享受其他基本养老保障待遇的，由本人或其继承人申请。",
        notes="继承人有多人的，应协商一致后由一人代表办理。",
        materials=(
            DemoMaterial("城乡居民基本养老保险注销登记表", 1, 0),
            DemoMaterial("参保人居民身份证或户口注销证明", 1, 1),
            _when("因参保人死亡注销的", "居民死亡医学证明（推断）书或火化证明", 1, 1),
            _when("由继承人办理的", "继承人居民身份证及亲属关系证明", 1, 1),
            _when("由继承人办理的", "继承人银行卡", 1, 1),
        ),
    ),
    DemoMatter(
        code="SB-004",
        name="就业登记",
        department=SOCIAL_SECURITY,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="在法定劳动年龄内实现就业的劳动者，包括受雇就业、灵活就业和自主创业人员。",
        notes="用人单位也可为职工集中办理；可同时办理就业创业证（就业失业登记证）。",
        materials=(
            DemoMaterial("就业登记表", 1, 0),
            ID_CARD,
            _when("受雇就业的", "劳动合同或用工证明", 1, 1),
            _when("自主创业、个体经营的", "营业执照", 1, 1),
        ),
    ),
    DemoMatter(
        code="SB-005",
        name="失业登记",
        department=SOCIAL_SECURITY,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="法定劳动年龄内、有劳动能力和就业要求、处于无业状态的城乡劳动者，可在常住地登记。",
        notes="登记后可享受职业介绍、职业培训等公共就业服务；符合条件的可申领失业保险金。",
        materials=(
            ID_CARD,
            _when("与原单位解除或终止劳动关系的", "解除或终止劳动合同证明", 1, 1),
            _when("非本地户籍在常住地登记的", "居住证", 1, 1),
        ),
    ),
    DemoMatter(
        code="SB-006",
        name="社会保障卡申领（即时制卡）",
        department=SOCIAL_SECURITY,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="已参加社会保险或需办理社会保障业务、尚未持有社会保障卡的人员。",
        notes="窗口即时制卡，当场领卡并设置密码；16 周岁以下儿童由监护人代办。",
        materials=(
            ID_CARD,
            DemoMaterial("社会保障卡申领登记表", 1, 0),
            *GUARDIAN,
        ),
    ),
    DemoMatter(
        code="SB-007",
        name="社会保障卡补领、换领",
        department=SOCIAL_SECURITY,
        kind=PROMISED,
        statutory_days=None,
        committed_days=10,
        fee="工本费 10 元（演示）",
        conditions="社会保障卡遗失、损坏或需换领第三代社会保障卡的持卡人。",
        notes="遗失的请先挂失；支持即时制卡的网点可当场领卡。",
        materials=(
            ID_CARD,
            DemoMaterial("社会保障卡补换申请表", 1, 0),
            _when("卡片损坏换领的", "原社会保障卡", 1, 0),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="SB-008",
        name="就业困难人员认定",
        department=SOCIAL_SECURITY,
        kind=PROMISED,
        statutory_days=None,
        committed_days=10,
        fee="免费",
        conditions="已进行失业登记，并属于大龄失业、残疾、低保家庭成员、零就业家庭成员等当地规定类型的人员。",
        notes="认定后可享受公益性岗位安置、社保补贴等援助政策。",
        materials=(
            DemoMaterial("就业困难人员认定申请表", 1, 0),
            ID_CARD,
            _when("以残疾人身份申请的", "残疾人证", 1, 1),
            _when("以低保家庭成员身份申请的", "最低生活保障证明", 1, 1),
        ),
    ),
    # 医疗保障站
    DemoMatter(
        code="YB-001",
        name="城乡居民基本医疗保险参保登记",
        department=MEDICAL_INSURANCE,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="未参加职工基本医疗保险的本地户籍居民、持居住证的常住人口和在校学生。",
        notes="新生儿出生后 90 天内参保的，自出生之日起享受待遇。",
        materials=(
            DemoMaterial("城乡居民基本医疗保险参保登记表", 1, 0),
            DemoMaterial("参保人居民身份证或户口簿", 1, 1),
            _when("新生儿参保的", "出生医学证明", 1, 1),
            _when("非本地户籍在本地居住的", "居住证", 1, 1),
        ),
    ),
    DemoMatter(
        code="YB-002",
        name="异地就医备案",
        department=MEDICAL_INSURANCE,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="异地长期居住、常驻异地工作、异地转诊就医及临时外出就医的参保人员。",
        notes="也可通过国家医保服务平台 App 线上备案；备案后在就医地定点医疗机构直接结算。",
        materials=(
            DemoMaterial("异地就医备案登记表", 1, 0),
            DemoMaterial("参保人社会保障卡或居民身份证", 1, 1),
            _when("异地长期居住或常驻异地工作的", "居住证明或个人承诺书", 1, 1),
            _when("异地转诊就医的", "参保地定点医疗机构开具的转诊证明", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="YB-003",
        name="零星医疗费用手工报销",
        department=MEDICAL_INSURANCE,
        kind=PROMISED,
        statutory_days=30,
        committed_days=20,
        fee="免费",
        conditions="因急诊、异地就医未能直接结算等原因，全额垫付了医疗费用的参保人员。",
        notes="报销款转入参保人本人银行卡；请在费用发生后的次年年底前申请。",
        materials=(
            DemoMaterial("医疗费用报销申请表", 1, 0),
            DemoMaterial("参保人社会保障卡或居民身份证", 1, 1),
            DemoMaterial("医疗费用发票", 1, 0),
            DemoMaterial("费用明细清单", 1, 0),
            DemoMaterial("本人银行卡", 1, 1),
            _when("住院的", "出院记录或出院小结", 1, 1),
            _when("门诊急诊的", "门诊病历及诊断证明", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="YB-004",
        name="门诊慢特病待遇认定",
        department=MEDICAL_INSURANCE,
        kind=PROMISED,
        statutory_days=20,
        committed_days=15,
        fee="免费",
        conditions="患有高血压、糖尿病、恶性肿瘤门诊治疗等当地门诊慢特病病种目录所列疾病的参保人员。",
        notes="认定通过后在选定的定点医疗机构门诊就医，按门诊慢特病待遇结算。",
        materials=(
            DemoMaterial("门诊慢特病待遇认定申请表", 1, 0),
            DemoMaterial("参保人社会保障卡或居民身份证", 1, 1),
            DemoMaterial("二级以上医院诊断证明", 1, 1),
            DemoMaterial("近期相关检查、检验报告及病历", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="YB-005",
        name="医疗救助申请",
        department=MEDICAL_INSURANCE,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="特困人员、低保对象、低保边缘家庭成员、防止返贫监测对象等救助对象，经基本医保、大病保险报销后个人负担仍较重的。",
        notes="已认定的救助对象在县内定点医院多数可一站式结算，无需另行申请。",
        materials=(
            DemoMaterial("医疗救助申请表", 1, 0),
            ID_CARD,
            DemoMaterial("医疗费用发票及医保结算单", 1, 1),
            DemoMaterial("本人银行卡", 1, 1),
            _when("因病致贫申请的", "家庭经济状况核对授权书", 1, 0),
        ),
    ),
    # 卫生健康办
    DemoMatter(
        code="WJ-001",
        name="生育登记",
        department=HEALTH,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="生育子女的夫妻，可在孕期或子女出生后在户籍地或现居住地办理。",
        notes="也可通过政务服务网或小程序线上登记；登记不作为生育的前置条件。",
        materials=(
            DemoMaterial("生育登记表", 1, 0),
            DemoMaterial("夫妻双方居民身份证", 1, 1),
            _when("已登记结婚的", "结婚证", 1, 1),
        ),
    ),
    DemoMatter(
        code="WJ-002",
        name="育儿补贴申领",
        department=HEALTH,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="3 周岁以下婴幼儿（具有中国国籍并已落户）的父母或其他监护人。",
        notes="也可通过育儿补贴线上申领渠道办理；按年发放至申请人本人账户。",
        materials=(
            DemoMaterial("育儿补贴申请表", 1, 0),
            DemoMaterial("申请人居民身份证", 1, 1),
            DemoMaterial("婴幼儿出生医学证明", 1, 1),
            DemoMaterial("婴幼儿户口簿", 1, 1),
            DemoMaterial("申请人本人银行卡或社会保障卡", 1, 1),
            _when("由父母以外的监护人申请的", "监护关系证明", 1, 1),
        ),
    ),
    DemoMatter(
        code="WJ-003",
        name="农村部分计划生育家庭奖励扶助资格确认",
        department=HEALTH,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions=(
            "农业户籍（或按规定视同）、按规定只生育一个子女或两个女孩（或子女死亡现无子女）、年满 60 周岁的夫妻。"
        ),
        notes="每年集中申报一次；资格确认后奖励扶助金通过惠民惠农“一卡通”发放。",
        materials=(
            DemoMaterial("奖励扶助对象申报表", 1, 0),
            DemoMaterial("夫妻双方居民身份证", 1, 1),
            HOUSEHOLD_REGISTER,
            DemoMaterial("结婚证", 1, 1),
            _when("持有光荣证的", "独生子女父母光荣证", 1, 1),
            _when("子女死亡的", "子女死亡证明", 1, 1),
        ),
    ),
    DemoMatter(
        code="WJ-004",
        name="计划生育特别扶助资格申请",
        department=HEALTH,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions="独生子女死亡或伤残（三级以上残疾）后未再生育或收养子女、女方年满 49 周岁的夫妻。",
        notes="每年集中申报一次；符合条件的还可享受就医绿色通道等扶助。",
        materials=(
            DemoMaterial("特别扶助对象申报表", 1, 0),
            DemoMaterial("夫妻双方居民身份证", 1, 1),
            HOUSEHOLD_REGISTER,
            DemoMaterial("结婚证", 1, 1),
            _when("子女死亡的", "子女死亡证明", 1, 1),
            _when("子女伤残的", "子女残疾人证", 1, 1),
        ),
    ),
    DemoMatter(
        code="WJ-005",
        name="独生子女父母光荣证遗失补办",
        department=HEALTH,
        kind=PROMISED,
        statutory_days=None,
        committed_days=10,
        fee="免费",
        conditions="原已领取独生子女父母光荣证，因遗失、损毁需补办的夫妻。",
        notes="只补办原已领取的证件，不再新发；档案核实后补发。",
        materials=(
            DemoMaterial("光荣证补办申请表", 1, 0),
            DemoMaterial("夫妻双方居民身份证", 1, 1),
            HOUSEHOLD_REGISTER,
            DemoMaterial("结婚证", 1, 1),
            _when("证件损毁的", "原光荣证", 1, 0),
        ),
    ),
    # 农业农村办
    DemoMatter(
        code="NY-001",
        name="农村土地经营权流转合同备案",
        department=AGRICULTURE,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="承包方依法采取出租（转包）、入股等方式流转土地经营权，签订了书面流转合同的流转双方。",
        notes="流转期限不得超过承包期剩余期限；合同建议使用县农业农村局推荐的示范文本。",
        materials=(
            DemoMaterial("土地经营权流转合同", 2, 0),
            DemoMaterial("土地承包合同或土地承包经营权证", 1, 1),
            DemoMaterial("流转双方居民身份证", 1, 1),
            _when("受让方为企业或合作社的", "受让方营业执照", 1, 1),
            _when("委托村集体经济组织流转的", "书面委托书", 1, 0),
        ),
    ),
    DemoMatter(
        code="NY-002",
        name="农村宅基地和建房（规划许可）申请",
        department=AGRICULTURE,
        kind=PROMISED,
        statutory_days=20,
        committed_days=15,
        fee="免费",
        conditions="本集体经济组织成员以户为单位申请，符合“一户一宅”、国土空间规划和用途管制要求的。",
        notes="经村级审查后报乡镇联审；批准后开工前到现场定点放样，竣工后申请验收。",
        materials=(
            DemoMaterial("农村宅基地和建房（规划许可）申请表", 1, 0),
            DemoMaterial("农村宅基地使用承诺书", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("村民小组会议讨论和村级审查意见", 1, 0),
            DemoMaterial("建房设计图或选用的通用图", 1, 0),
            _when("原宅基地需退出的", "原宅基地退出协议", 1, 0),
        ),
    ),
    DemoMatter(
        code="NY-003",
        name="耕地地力保护补贴申报",
        department=AGRICULTURE,
        kind=PROMISED,
        statutory_days=None,
        committed_days=10,
        fee="免费",
        conditions="拥有耕地承包权、耕地用于农业生产的种地农民。",
        notes="每年统一申报并由村级公示；补贴通过惠民惠农“一卡通”发放。",
        materials=(
            ID_CARD,
            DemoMaterial("土地承包合同或土地承包经营权证", 1, 1),
            DemoMaterial("惠民惠农财政补贴资金“一卡通”", 1, 1),
            _when("种植面积或承包户信息有变化的", "面积变更情况说明", 1, 0),
        ),
    ),
    DemoMatter(
        code="NY-004",
        name="农机购置与应用补贴申请",
        department=AGRICULTURE,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="从事农业生产的个人和农业生产经营组织，购买了补贴范围内的农业机械。",
        notes="补贴额按当地公布的补贴额一览表确定；需牌证管理的机具须先办理注册登记。",
        materials=(
            DemoMaterial("农机购置与应用补贴申请表", 1, 0),
            DemoMaterial("购机发票", 1, 1),
            DemoMaterial("机具铭牌及人机合影照片", 1, 0),
            DemoMaterial("购机者银行卡或“一卡通”", 1, 1),
            _when("以个人名义申请的", "购机者居民身份证", 1, 1),
            _when("以农业生产经营组织名义申请的", "营业执照", 1, 1),
            _when("购买拖拉机、联合收割机等需牌证管理的机具的", "行驶证", 1, 1),
        ),
    ),
    # 退役军人服务站
    DemoMatter(
        code="TY-001",
        name="退役军人优待证申领",
        department=VETERANS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=30,
        fee="免费",
        conditions="户籍在本地的退役军人和烈士遗属、因公牺牲军人遗属、病故军人遗属。",
        notes="服务站受理并采集信息，县退役军人事务局审核后统一制证，制好后通知领取。",
        materials=(
            DemoMaterial("优待证申领登记表", 1, 0),
            ID_CARD,
            DemoMaterial("退役证件（退伍证、退役证等）", 1, 1),
            PHOTO,
            _when("烈士、因公牺牲或病故军人遗属申请的", "烈士证明书或相关证明", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="TY-002",
        name="退役军人和其他优抚对象信息采集",
        department=VETERANS,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="户籍在本地的退役军人和其他优抚对象，信息首次采集或发生变化的。",
        notes="信息有变化（住址、联系电话、就业情况等）时请及时更新。",
        materials=(
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("退役证件（退伍证、退役证等）", 1, 1),
            _when("首次采集的", "近期 2 寸免冠彩色照片", 1, 0),
        ),
    ),
    DemoMatter(
        code="TY-003",
        name="优抚对象抚恤补助申请",
        department=VETERANS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions="残疾军人、烈士遗属、因公牺牲和病故军人遗属、在乡复员军人、带病回乡退伍军人、参战参试退役军人等优抚对象。",
        notes="经县退役军人事务局审核后按规定标准按月发放定期抚恤金或定期生活补助。",
        materials=(
            DemoMaterial("优抚对象抚恤补助申请表", 1, 0),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            DemoMaterial("优抚对象身份证明（残疾军人证、烈士证明书等）", 1, 1),
            BANK_CARD,
            *PROXY,
        ),
    ),
    DemoMatter(
        code="TY-004",
        name="义务兵家庭优待金申领",
        department=VETERANS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="从本地入伍的义务兵的家庭。",
        notes="优待金按年发放；义务兵服役期间每年申领一次。",
        materials=(
            DemoMaterial("义务兵家庭优待金申领表", 1, 0),
            DemoMaterial("入伍通知书或部队出具的服役证明", 1, 1),
            DemoMaterial("申领家属居民身份证", 1, 1),
            HOUSEHOLD_REGISTER,
            DemoMaterial("申领家属银行卡", 1, 1),
        ),
    ),
    # 残疾人联合会
    DemoMatter(
        code="CL-001",
        name="残疾人证（新办）",
        department=DISABLED_PERSONS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions="符合残疾标准的视力、听力、言语、肢体、智力、精神及多重残疾人。",
        notes="受理后到县残联指定的医疗机构进行残疾评定；评定时间不计入承诺时限。",
        materials=(
            DemoMaterial("残疾人证申请表", 1, 0),
            DemoMaterial("申请人居民身份证或户口簿", 1, 1),
            DemoMaterial("近期 2 寸免冠彩色照片", 3, 0),
            _when("有相关病历、诊断证明的", "病历及诊断证明", 1, 1),
            *GUARDIAN,
            *PROXY,
        ),
    ),
    DemoMatter(
        code="CL-002",
        name="残疾人证换领",
        department=DISABLED_PERSONS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=15,
        fee="免费",
        conditions="残疾人证有效期满，或残疾类别、等级发生变化的持证人。",
        notes="有效期满前 90 日内可申请换领；类别、等级变化的须重新评定。",
        materials=(
            DemoMaterial("残疾人证换领申请表", 1, 0),
            DemoMaterial("原残疾人证", 1, 0),
            ID_CARD,
            DemoMaterial("近期 2 寸免冠彩色照片", 3, 0),
            *GUARDIAN,
        ),
    ),
    DemoMatter(
        code="CL-003",
        name="困难残疾人生活补贴申请",
        department=DISABLED_PERSONS,
        kind=PROMISED,
        statutory_days=20,
        committed_days=15,
        fee="免费",
        conditions="持有第二代残疾人证的低保家庭中的残疾人，以及当地规定的其他困难残疾人。",
        notes="乡镇审核后报县级审定；自审定合格的次月起按月发放。",
        materials=(
            DemoMaterial("困难残疾人生活补贴申请表", 1, 0),
            DemoMaterial("第二代残疾人证", 1, 1),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            BANK_CARD,
            *PROXY,
        ),
    ),
    DemoMatter(
        code="CL-004",
        name="重度残疾人护理补贴申请",
        department=DISABLED_PERSONS,
        kind=PROMISED,
        statutory_days=20,
        committed_days=15,
        fee="免费",
        conditions="持有第二代残疾人证、残疾等级为一级或二级且需要长期照护的重度残疾人（部分地区含三、四级智力、精神残疾人）。",
        notes="乡镇审核后报县级审定；已入住养老机构并享受集中供养的按当地规定执行。",
        materials=(
            DemoMaterial("重度残疾人护理补贴申请表", 1, 0),
            DemoMaterial("第二代残疾人证", 1, 1),
            ID_CARD,
            HOUSEHOLD_REGISTER,
            BANK_CARD,
            *GUARDIAN,
            *PROXY,
        ),
    ),
    DemoMatter(
        code="CL-005",
        name="残疾人机动轮椅车燃油补贴申请",
        department=DISABLED_PERSONS,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions="持有残疾人证的下肢残疾人，本人拥有机动轮椅车并持有有效驾驶证和行驶证。",
        notes="每年申请一次，按年度发放。",
        materials=(
            DemoMaterial("残疾人证", 1, 1),
            ID_CARD,
            DemoMaterial("本人机动驾驶证", 1, 1),
            DemoMaterial("机动轮椅车行驶证", 1, 1),
            BANK_CARD,
        ),
    ),
    # 司法所
    DemoMatter(
        code="SF-001",
        name="法律援助申请",
        department=JUSTICE,
        kind=PROMISED,
        statutory_days=5,
        committed_days=3,
        fee="免费",
        conditions="因经济困难没有委托代理人的公民，就请求给付赡养费、抚养费、劳动报酬、工伤赔偿等事项申请法律援助。",
        notes="司法所受理后转县法律援助中心审查决定；情况紧急的可先行提供法律援助。",
        materials=(
            DemoMaterial("法律援助申请表", 1, 0),
            ID_CARD,
            DemoMaterial("经济困难状况说明表（个人诚信承诺）", 1, 0),
            DemoMaterial("与申请事项有关的证据材料", 1, 1),
            _when("由法定代理人代为申请的", "法定代理人身份证明和代理权证明", 1, 1),
        ),
    ),
    DemoMatter(
        code="SF-002",
        name="人民调解申请",
        department=JUSTICE,
        kind=PROMISED,
        statutory_days=None,
        committed_days=20,
        fee="免费",
        conditions="邻里、婚姻家庭、土地、损害赔偿等民间纠纷的当事人，自愿申请调解的。",
        notes="调解不收费；达成协议的可共同申请法院司法确认。可口头申请，由工作人员记录。",
        materials=(
            DemoMaterial("申请人居民身份证", 1, 1),
            DemoMaterial("人民调解申请书（或口头申请记录）", 1, 0),
            _when("有合同、借条、照片等证据的", "纠纷相关证据材料", 1, 1),
            *PROXY,
        ),
    ),
    DemoMatter(
        code="SF-003",
        name="法律咨询及公证、律师服务转介",
        department=JUSTICE,
        kind=IMMEDIATE,
        statutory_days=None,
        committed_days=0,
        fee="免费",
        conditions="需要法律咨询，或需要公证、律师服务指引的群众。",
        notes="法律咨询现场解答；需办理公证或委托律师的，转介至县公证处或律师事务所（相关收费按其规定）。",
        materials=(
            DemoMaterial("咨询人居民身份证（登记用）", 1, 0),
            _when("咨询具体纠纷的", "合同、判决书等相关材料", 1, 0),
        ),
    ),
]


def demo_matters_by_department() -> dict[int, list[DemoMatter]]:
    """The matters of each department (0..7, every department present), in catalogue order."""
    grouped: dict[int, list[DemoMatter]] = {department: [] for department in range(DEPARTMENT_COUNT)}
    for matter in MATTERS:
        grouped[matter.department].append(matter)
    return grouped
