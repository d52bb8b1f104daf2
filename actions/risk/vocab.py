"""Fact vocabulary, threshold tables and level labels shared by the risk modules."""

ROLES = ("seller", "buyer", "intermediary", "other")
PLATFORMS = (
    "wechat", "wecom", "wechat_official", "qq", "douyin", "kuaishou", "weibo",
    "xiaohongshu", "bilibili", "taobao_shop", "game", "other",
)
ACCOUNT_KINDS = ("personal", "business")
PI_KINDS = (
    "whereabouts", "communication_content", "credit", "property",
    "accommodation", "communication_records", "health", "transaction",
    "identity", "contact", "other",
)
BUYER_PURPOSES = ("same_business", "marketing", "resale", "unknown", "suspicious")
STATUSES = ("planned", "signed", "performed", "dispute")

ROLE_LABEL = {
    "seller": "卖方", "buyer": "买方", "intermediary": "收号方/中介", "other": "代他人咨询",
}
PLATFORM_LABEL = {
    "wechat": "微信", "wecom": "企业微信", "wechat_official": "微信公众号", "qq": "QQ",
    "douyin": "抖音", "kuaishou": "快手", "weibo": "微博", "xiaohongshu": "小红书",
    "bilibili": "B站", "taobao_shop": "淘宝店铺", "game": "游戏账号", "other": "其他平台",
}
KIND_LABEL = {
    "whereabouts": "行踪轨迹信息",
    "communication_content": "通信内容",
    "credit": "征信信息",
    "property": "财产信息",
    "accommodation": "住宿信息",
    "communication_records": "通信记录",
    "health": "健康生理信息（如病历）",
    "transaction": "交易信息",
    "identity": "身份信息（姓名、身份证号等）",
    "contact": "联系方式",
    "other": "其他个人信息",
}

# Platforms whose accounts are business accounts by nature.
BUSINESS_PLATFORMS = frozenset({"wecom", "wechat_official", "taobao_shop"})
# Platforms where a personal account carries friends or followers who rely on
# the holder's identity (the Jiangyin deception reasoning).
SOCIAL_PLATFORMS = frozenset(
    {"wechat", "qq", "douyin", "kuaishou", "weibo", "xiaohongshu", "bilibili", "other"}
)
# Lawful transfer routes offered by platforms (FRAMEWORK.md §1). Personal WeChat and QQ
# accounts have none; for the other platforms the route is named generically.
OFFICIAL_ROUTE_NAME = {
    "wechat_official": "公众号迁移或主体变更",
    "wecom": "企业微信的客户继承",
    "taobao_shop": "淘宝的店铺过户",
}
GENERIC_ROUTE_NAME = "平台提供的官方变更或交易途径（如有）"


def has_official_route(platform, account_kind) -> bool:
    """False where no lawful transfer route is known (personal WeChat/QQ accounts)."""
    return not (platform in ("wechat", "qq") and account_kind != "business")


def route_name(platform) -> str:
    return OFFICIAL_ROUTE_NAME.get(platform, GENERIC_ROUTE_NAME)


# Accounts with payment functions make an account sale more useful to fraud rings.
PAYMENT_PLATFORMS = frozenset({"wechat", "qq", "taobao_shop"})

# 2017 interpretation art. 5 para. 1 items (3)-(5): sensitivity tier -> record line.
TIER_OF_KIND = {
    "whereabouts": 3, "communication_content": 3, "credit": 3, "property": 3,
    "accommodation": 4, "communication_records": 4, "health": 4, "transaction": 4,
    "identity": 5, "contact": 5, "other": 5,
}
TIER_THRESHOLD = {3: 50, 4: 500, 5: 5000}
GAINS_THRESHOLD = 5000          # item (7), RMB
ESPECIALLY_SERIOUS_FACTOR = 10  # art. 5 para. 2 item (3)
ART6_PROFIT_THRESHOLD = 50000   # art. 6 para. 1 item (1), RMB
HELP_GAINS_THRESHOLD = 10000    # 2019 interpretation art. 12 item (4), RMB
ANTI_FRAUD_LOW_GAINS = 20000    # anti-fraud law art. 44
ANTI_FRAUD_FLAT_FINE = 200000   # anti-fraud law art. 44
# Selling this many accounts or more is treated as bulk selling (a documented judgement:
# the 2019 interpretation counts three or more helped objects as 情节严重).
BULK_ACCOUNTS = 3

CONTRACT_LEVELS = ("likely_valid", "uncertain", "likely_void", "void")
PI_LEVELS = ("none", "low", "serious_possible", "especially_serious_possible")
FOUR_LEVELS = ("none", "low", "possible", "high")
OVERALL_LEVELS = ("low", "medium", "high")

DIMENSIONS = ("contract", "criminal_pi", "criminal_help", "administrative", "platform", "civil")

DIMENSION_NAME = {
    "contract": "合同效力",
    "criminal_pi": "侵犯公民个人信息罪风险",
    "criminal_help": "帮助信息网络犯罪活动罪风险",
    "administrative": "行政处罚风险",
    "platform": "平台处置风险",
    "civil": "对好友/客户的民事赔偿风险",
}

LEVEL_LABEL = {
    "contract": {
        "void": "合同无效", "likely_void": "很可能无效",
        "uncertain": "效力不确定", "likely_valid": "很可能有效",
    },
    "criminal_pi": {
        "none": "基本不涉及", "low": "风险较低",
        "serious_possible": "可能达到“情节严重”",
        "especially_serious_possible": "可能达到“情节特别严重”",
    },
    "criminal_help": {
        "none": "基本不涉及", "low": "风险较低", "possible": "存在被认定的可能", "high": "风险高",
    },
    "administrative": {"none": "基本不涉及", "low": "低风险", "possible": "中风险", "high": "高风险"},
    "platform": {"none": "基本不涉及", "low": "低风险", "possible": "中风险", "high": "高风险"},
    "civil": {"none": "基本不涉及", "low": "低风险", "possible": "中风险", "high": "高风险"},
}
OVERALL_LABEL = {"high": "高风险", "medium": "中风险", "low": "低风险"}


def severity(dimension: str, level: str) -> int:
    """Rank of a level within its dimension; higher means riskier."""
    if dimension == "contract":
        return CONTRACT_LEVELS.index(level)
    if dimension == "criminal_pi":
        return PI_LEVELS.index(level)
    return FOUR_LEVELS.index(level)
