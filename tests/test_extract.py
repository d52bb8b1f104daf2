"""actions/extract.py: facts from one chat message."""
import time

import pytest

from actions import extract
from actions.extract import Extraction, extract_facts, validate_value
from actions.risk import vocab
from actions.risk.facts import validate_facts

FLAGSHIP = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"


def facts(text, **kwargs):
    return extract_facts(text, **kwargs).facts


# --- the flagship message ------------------------------------------------------

@pytest.mark.parametrize("text", [
    FLAGSHIP,
    "我有9個微信號想賣給做醫美的老闆，每個兩三千好友，裡面有客戶病歷",          # traditional
    "我有９个ＶＸ想卖给做医美的老板，每个两三千好友，里面有客户病历😅",            # full-width, emoji
    "我有九个微信号想卖给做医美的老板 每个两三千好友 里面有客户病例",              # spaces, typo 病例
])
def test_flagship_message(text):
    ex = extract_facts(text)
    f = ex.facts
    assert f["role"] == "seller"
    assert f["platform"] == "wechat"
    assert f["account_count"] == 9
    assert f["buyer_purpose"] == "same_business"
    assert f["pi_count"] == 22500
    assert f["pi_kinds"] == ["health"]
    assert f["third_party_pi"] is True
    assert f["obtained_in_service"] is True
    note = " ".join(ex.notes)
    assert "9个号" in note and "2,500" in note and "22,500" in note
    assert ex.quantities["pi_per_account"].low == 2000 and ex.quantities["pi_per_account"].high == 3000
    assert ex.quantities["pi_count"].low == 18000 and ex.quantities["pi_count"].high == 27000
    validate_facts(f)   # the risk engine accepts the result as it is


# --- role ----------------------------------------------------------------------

ROLE = [
    ("我想卖掉我的微信号", "seller"),
    ("我想出9个号", "seller"),
    ("打算把抖音号转让给别人", "seller"),
    ("号卖了50万，对方不给尾款", "seller"),
    ("买家不给钱怎么办", "seller"),
    ("有人想买我的号", "seller"),
    ("号商收了我的号", "seller"),
    ("我是卖家", "seller"),
    ("现在号已经交给对方了", "seller"),
    ("收号的加我vx说8000块一个，靠谱吗", "seller"),
    ("有个老哥要买我的vx", "seller"),
    ("不是买，我是卖", "seller"),
    ("我想把微信号出租给别人", "seller"),
    ("出小红薯号，5000粉", "seller"),
    ("请问卖自己的QQ号会被判刑吗", "seller"),
    ("我想買個抖音號", "buyer"),
    ("想收购几个快手号", "buyer"),
    ("我买了一个王者号，卖家找回了", "buyer"),
    ("朋友说要把他的号卖给我", "buyer"),
    ("想接手一个淘宝店", "buyer"),
    ("我是买方", "buyer"),
    ("花了3万买的号被封了", "buyer"),
    ("买号违法么", "buyer"),
    ("收了个公众号，签了协议", "buyer"),
    ("我是收号的", "intermediary"),
    ("我做号商的，批量收微信号", "intermediary"),
    ("我们工作室低价收高价卖", "intermediary"),
    ("我倒卖游戏号", "intermediary"),
    ("我收了200多个微信号，准备转手卖给一个老板", "intermediary"),
    ("我是中介", "intermediary"),
    ("帮朋友问一下，他想卖游戏号", "other"),
    ("替老板问问，公司的号能不能卖", "other"),
    ("我朋友想把号卖掉", "other"),
    ("这些号不是我的，是我朋友的", "other"),
    ("帮表哥问下，他在小红书上买了5个号", "other"),
    ("我妈做微商的，她想卖号", "other"),
    ("帮忙看看我的号能不能卖", "seller"),
    ("你好", None),
    ("买卖微信号违法吗", None),
    ("卖家和买家都有风险吗", None),
    ("如果卖了会怎样", None),
]


@pytest.mark.parametrize("text, role", ROLE)
def test_role(text, role):
    assert facts(text).get("role") == role


def test_reselling_by_the_buyer_is_a_purpose_not_the_users_role():
    f = facts("我想卖号，买家说拿去倒卖")
    assert f["role"] == "seller" and f["buyer_purpose"] == "resale"


# --- platform and account kind ---------------------------------------------------

PLATFORM = [
    ("微信号能卖吗", "wechat"), ("vx号", "wechat"), ("卖V信", "wechat"), ("薇信号", "wechat"),
    ("威信", "wechat"), ("WX小号", "wechat"), ("企业微信的号", "wecom"), ("企微", "wecom"),
    ("公众号转让", "wechat_official"), ("服务号", "wechat_official"), ("QQ号", "qq"), ("扣扣号", "qq"),
    ("抖音号", "douyin"), ("dy号", "douyin"), ("斗音号", "douyin"), ("快手号", "kuaishou"), ("ks号", "kuaishou"),
    ("微博", "weibo"), ("小红书", "xiaohongshu"), ("小红薯账号", "xiaohongshu"), ("xhs", "xiaohongshu"),
    ("B站号", "bilibili"), ("哔哩哔哩", "bilibili"), ("淘宝店", "taobao_shop"), ("天猫店铺", "taobao_shop"),
    ("网店", "taobao_shop"), ("王者号", "game"), ("原神账号", "game"), ("游戏账号", "game"), ("Steam号", "game"),
    ("头条号", "other"), ("不对，是抖音号", "douyin"), ("不是微信，是QQ", "qq"),
    ("用微信转账付了钱，买的是抖音号", "douyin"), ("加微信聊，想买个快手号", "kuaishou"),
    ("玩游戏的，想卖个抖音号", "douyin"), ("这个问题", None), ("thanks", None),
    ("收号的加我vx说8000块一个", "wechat"),        # only a contact channel is named: used as a last resort
]


@pytest.mark.parametrize("text, platform", PLATFORM)
def test_platform(text, platform):
    assert facts(text).get("platform") == platform


@pytest.mark.parametrize("text, kind", [
    ("个人号", "personal"), ("是我的私人微信", "personal"), ("蓝V企业号", "business"), ("商家号", "business"),
    ("公司的号", "business"), ("不是个人号", None), ("微信号", None),
])
def test_account_kind(text, kind):
    assert facts(text).get("account_kind") == kind


# --- account count -------------------------------------------------------------

ACCOUNT_COUNT = [
    ("我有9个微信号", 9), ("九个号", 9), ("3个抖音号", 3), ("两个vx", 2), ("十几个号", 15),
    ("其实只有3个号", 3), ("手里有二十多个快手号", 25), ("微信號有9個", 9), ("１２个号", 12),
    ("100个账号", 100), ("一个号", 1), ("我有一个号，3000好友", 1), ("9台手机9个号", 9),
    ("不是9个号，是3个号", 3), ("3个企业微信", 3),
    ("3个号，一个号两千人", 3),
    ("快手号三个", 3), ("连带5个客服微信一起", 5), ("留下两个个人号", 2), ("十几个闲置号", 15),
    ("把公司9台手机上的微信打包出掉", 9), ("有人收购，一个号300", None),
    ("9个人", None), ("9个好友", None), ("3个微信好友", None), ("9号交的钱", None), ("2023年注册的号", None),
    ("第一个号", None), ("手机号13812345678", None), ("每个号2000人", None),
]


@pytest.mark.parametrize("text, count", ACCOUNT_COUNT)
def test_account_count(text, count):
    assert facts(text).get("account_count") == count


# --- pi count ------------------------------------------------------------------

PI_COUNT = [
    ("9个号每个两三千好友", 22500),
    ("9個號每個兩三千好友", 22500),
    ("3个号，每个号大概2000人", 6000),
    ("两个微信号，每个号有3000多好友", 7000),
    ("手里有十几个快手号，每个号大概几百粉丝", 15 * 550),
    ("9个号，一共2万多好友", 25000),
    ("两个vx，好友加起来5000左右", 5000),
    ("好友有2000多人", 2500),
    ("2000多个微信好友", 2500),
    ("3w粉的抖音号", 30000),
    ("上千个客户", 1000),
    ("我有一个号，3000好友", 3000),
    ("500条聊天记录", 500),
    ("300份病历", 300),
    ("我们3个人合伙", None),
    ("一个号有3000好友", None),       # per account, account count not known yet
    ("卖了50万", None),
]


@pytest.mark.parametrize("text, total", PI_COUNT)
def test_pi_count(text, total):
    assert facts(text).get("pi_count") == total


def test_per_account_count_uses_the_known_account_count():
    ex = extract_facts("每个号两三千好友", known={"account_count": 9})
    assert ex.facts["pi_count"] == 22500
    assert "account_count" not in ex.facts
    ex = extract_facts("一个号有3000好友")
    assert "pi_count" not in ex.facts and ex.quantities["pi_per_account"].value == 3000
    assert any("账号数" in note for note in ex.notes)


def test_per_kind_counts_for_the_engine():
    f = facts("有300份病历")
    assert f["pi_counts"] == {"health": 300} and f["pi_kinds"] == ["health"]
    validate_facts(f)


# --- personal information ------------------------------------------------------

PI_KINDS = [
    ("里面有客户病历", ["health"]),
    ("有体检报告和就诊记录", ["health"]),
    ("客户做过的医美项目", ["health"]),
    ("客户的身份证号、手机号、住址都有", ["identity", "contact"]),
    ("有姓名生日", ["identity"]),
    ("聊天记录都在", ["communication_content"]),
    ("还有通话记录", ["communication_records"]),
    ("有订单和消费记录", ["transaction"]),
    ("有客户的银行卡号", ["property"]),
    ("有定位和行程", ["whereabouts"]),
    ("有征信报告", ["credit"]),
    ("有开房记录", ["accommodation"]),
    ("客户资料和照片", ["other"]),
    ("客戶資料", ["other"]),
    ("没有病历", None),
    ("不包括身份证", None),
    ("绑了身份证和银行卡", None),          # the holder's own verification, not third parties'
    ("用支付宝付的钱", None),
    ("我手机号13812345678，有3个号", None),              # the user's own number
    ("打电话问过", None),
]


@pytest.mark.parametrize("text, kinds", PI_KINDS)
def test_pi_kinds(text, kinds):
    assert facts(text).get("pi_kinds") == kinds


THIRD_PARTY_PI = [
    ("号里有两千多个好友", True),
    ("里面有客户资料", True),
    ("有客户的手机号", True),
    ("空号，没有好友", False),
    ("新号，里面什么都没有", False),
    ("不涉及个人信息", False),
    ("没有客户资料，只有两千个好友", True),
    ("就是一个游戏号", None),
]


@pytest.mark.parametrize("text, value", THIRD_PARTY_PI)
def test_third_party_pi(text, value):
    assert facts(text).get("third_party_pi") is value


# --- booleans ------------------------------------------------------------------

BOOLEANS = [
    # real name
    ("都实名了", "real_name", True),
    ("号是实名认证的", "real_name", True),
    ("用身份证注册的", "real_name", True),
    ("绑了银行卡，刷过脸", "real_name", True),
    ("都實名了", "real_name", True),
    ("实明了", "real_name", True),                       # typo
    ("没实名", "real_name", False),
    ("号都没实名", "real_name", False),
    ("未实名", "real_name", False),
    ("不是实名的", "real_name", False),
    ("非实名号", "real_name", False),
    ("白号", "real_name", False),
    ("实名了吗", "real_name", None),
    ("对方让我帮他实名", "real_name", None),
    # obtained in service
    ("都是客户", "obtained_in_service", True),
    ("好友都是我的顾客", "obtained_in_service", True),
    ("患者加的微信", "obtained_in_service", True),
    ("会员群里的人", "obtained_in_service", True),
    ("都不是客户", "obtained_in_service", False),
    ("好友都是我自己的亲戚朋友", "obtained_in_service", False),
    ("没有客户资料", "obtained_in_service", None),     # says nothing about who the friends are
    ("没有客户，就是一些朋友", "obtained_in_service", False),
    ("号是我自己的，就是一些朋友", "obtained_in_service", False),
    ("说要实名的号", "real_name", None),                 # the buyer's demand, not the account's state
    # consent
    ("客户都同意了", "consent", True),
    ("好友们都授权了", "consent", True),
    ("经过他们同意了", "consent", True),
    ("没经过同意", "consent", False),
    ("没有经过客户同意", "consent", False),
    ("客户不同意", "consent", False),
    ("好友都不知道", "consent", False),
    ("没问过他们", "consent", False),
    ("对方同意了价格", "consent", None),
    ("我同意", "consent", None),
    ("如果客户都同意了能卖吗", "consent", None),
    # de-identification
    ("删掉客户资料再给他", "deidentified", True),
    ("交之前会把好友清空", "deidentified", True),
    ("聊天记录都删了", "deidentified", True),
    ("都删了", "deidentified", True),
    ("不删", "deidentified", False),
    ("好友不会删", "deidentified", False),
    ("客户资料保留着一起给", "deidentified", False),
    ("连好友一起卖", "deidentified", False),
    ("删不删都行吗", "deidentified", None),
    # announce change
    ("会告诉好友换人了", "announce_change", True),
    ("发朋友圈通知大家", "announce_change", True),
    ("没告诉好友", "announce_change", False),
    ("不会通知客户", "announce_change", False),
    ("买家继续用我的名义发朋友圈", "announce_change", False),
    ("瞒着好友", "announce_change", False),
    ("买家告诉我没事", "announce_change", None),
    # official route
    ("走官方迁移", "official_route", True),
    ("公众号迁移", "official_route", True),
    ("企业微信客户继承", "official_route", True),
    ("淘宝店铺过户", "official_route", True),
    ("平台同意了", "official_route", True),
    ("私下交易，直接给密码", "official_route", False),
    ("换绑手机号", "official_route", False),
    ("没走官方", "official_route", False),
    ("不走平台", "official_route", False),
    # buyer known
    ("买家是我朋友", "buyer_known", True),
    ("卖给认识的老板", "buyer_known", True),
    ("是熟人", "buyer_known", True),
    ("不认识买家", "buyer_known", False),
    ("买家是陌生人", "buyer_known", False),
    ("网上认识的", "buyer_known", False),
    ("在纸飞机上找的买家", "buyer_known", False),
    ("我认识到风险了", "buyer_known", None),
    # prior penalty
    ("以前被罚过款", "prior_penalty", True),
    ("去年被公安处理过", "prior_penalty", True),
    ("有前科", "prior_penalty", True),
    ("没有前科", "prior_penalty", False),
    ("没被处罚过", "prior_penalty", False),
    ("从来没被罚过", "prior_penalty", False),
    ("会被罚吗", "prior_penalty", None),
    ("会不会被处罚", "prior_penalty", None),
]


@pytest.mark.parametrize("text, fact, value", BOOLEANS)
def test_booleans(text, fact, value):
    assert facts(text).get(fact) is value


def test_later_correction_wins():
    assert facts("没实名，不对，都实名了")["real_name"] is True


# --- unknown ---------------------------------------------------------------------

@pytest.mark.parametrize("text, fact", [
    ("实名了吗不知道", "real_name"),
    ("实名了吗？我也不知道", "real_name"),
    ("有没有实名不清楚", "real_name"),
    ("不知道有没有实名", "real_name"),
    ("不确定客户有没有同意", "consent"),
])
def test_inline_unknown(text, fact):
    ex = extract_facts(text)
    assert fact in ex.unknown and fact not in ex.facts


# --- buyer purpose and status ----------------------------------------------------

BUYER_PURPOSE = [
    ("卖给做医美的老板", "same_business"),
    ("卖给同行", "same_business"),
    ("对方接着做生意", "same_business"),
    ("买家说拿去引流", "marketing"),
    ("做微商推广用", "marketing"),
    ("买家要拿去倒卖", "resale"),
    ("他收了再转手卖", "resale"),
    ("买家说是跑分用的", "suspicious"),
    ("可能是搞菠菜的", "suspicious"),
    ("对方不让问用途", "suspicious"),
    ("对方让我帮他实名", "suspicious"),
    ("对方在telegram上联系我的，出价很高", "suspicious"),
    ("我收了200多个号，准备转手卖给一个老板，他说做引流的", "marketing"),
    ("买家在缅甸", "suspicious"),
    ("不知道买家干嘛用", "unknown"),
    ("不清楚用途", "unknown"),
    ("dy带货号出，30w粉丝，不知道买家干嘛用", "unknown"),
    ("买家不说干嘛用", "suspicious"),
    ("有个老哥要买我的vx，给的价特别高", "suspicious"),
    ("下家也是开美容院的老板", "same_business"),
    ("买家说接着给她们做项目", "same_business"),
    ("对方会继续跟进这些客户", "same_business"),
    ("不会继续给她们做", None),
    ("应该不是诈骗", None),
    ("做什么的不知道", None),
    ("你好", None),
]


@pytest.mark.parametrize("text, purpose", BUYER_PURPOSE)
def test_buyer_purpose(text, purpose):
    assert facts(text).get("buyer_purpose") == purpose


STATUS = [
    ("打算卖掉", "planned"),
    ("准备出几个号", "planned"),
    ("想买个号", "planned"),
    ("能卖吗", "planned"),
    ("还没卖", "planned"),
    ("准备签合同", "planned"),
    ("已经签了合同", "signed"),
    ("签了协议", "signed"),
    ("已经交号了", "performed"),
    ("钱也付了", "performed"),
    ("号已经给他了，钱到账了", "performed"),
    ("买家不给钱", "dispute"),
    ("对方不给尾款，我想起诉", "dispute"),
    ("打官司", "dispute"),
    ("卖家把号找回了，我要退款", "dispute"),
    ("已经签了合同，对方反悔了", "dispute"),
    ("如果买家不给钱怎么办", None),
    ("还在谈，没定", "planned"),
    ("打算下个月交易", "planned"),
    ("有个b站号，想出，报价3k", "planned"),
    ("签了协议，现在我想反悔", "signed"),
    ("签了合同卖了3个号，对方付了一半，剩下的不给了", "dispute"),
    ("钱一直不给", "dispute"),
    ("我卖了号，钱一直不给", "dispute"),
    ("号交了，对方迟迟不付尾款", "dispute"),
    ("如果钱一直不给怎么办", None),
    ("他一直不给我回消息", None),
    ("2023年3月5号签的合同", "signed"),
    ("我想把我的号卖了", "planned"),
    ("没签合同", None),
    ("你好", None),
]


@pytest.mark.parametrize("text, status", STATUS)
def test_status(text, status):
    assert facts(text).get("status") == status


# --- money ---------------------------------------------------------------------

MONEY = [
    # text, price, paid, unpaid (Extraction.quantities)
    ("卖了50万，付了30万，还欠20万", 500000, 300000, 200000),
    ("总价五十万元，首付二十万", 500000, 200000, None),
    ("一共卖了30w，对方已经付了10w", 300000, 100000, None),
    ("谈好的价格是50万", 500000, None, None),
    ("50万卖的", 500000, None, None),
    ("定金付了5万", None, 50000, None),
    ("对方转了3000块", None, 3000, None),
    ("收了30万", None, 300000, None),
    ("还欠20万没给", None, None, 200000),
    ("尾款20万不给了", None, None, 200000),
    ("9个号卖了￥300,000", 300000, None, None),
    ("卖了两三万", 25000, None, None),
    ("价格三十万rmb", 300000, None, None),
    ("有人出5万收我的抖音号", 50000, None, None),
    ("签了合同卖了3个号，50万，对方付了一半", 500000, 250000, None),
    ("2023年3月5号签的合同，价格30万", 300000, None, None),
    ("我手上有十几个闲置号，有人收购，一个号300", 4500, None, None),
    ("花了1800块买的王者号", 1800, 1800, None),
    ("一分钱都没收到，说好的3万5", 35000, None, None),
    ("准备接手一个快手号，十万粉的，要12万", 120000, None, None),
    ("付了20万，还差30万", 500000, 200000, 300000),
    ("他还欠我七千没给", None, None, 7000),
    ("还有5k尾款", None, None, 5000),
    ("9个号卖了", None, None, None),
    ("每个两万多好友", None, None, None),
]


@pytest.mark.parametrize("text, price, paid, unpaid", MONEY)
def test_money_roles(text, price, paid, unpaid):
    ex = extract_facts(text)
    assert ex.facts.get("price") == price
    assert ex.facts.get("paid") == paid
    got_unpaid = ex.quantities.get("unpaid")
    assert (got_unpaid.value if got_unpaid else None) == unpaid
    assert "unpaid" not in ex.facts        # not a risk-engine key


def test_price_from_paid_and_unpaid_has_a_note():
    ex = extract_facts("付了30万，还欠20万尾款")
    assert ex.facts["price"] == 500000 and ex.facts["paid"] == 300000
    assert any("30万元" in n and "20万元" in n and "50万元" in n for n in ex.notes)


def test_unpaid_with_known_paid_gives_price():
    ex = extract_facts("还欠20万", known={"paid": 300000})
    assert ex.facts["price"] == 500000


def test_price_per_account():
    ex = extract_facts("收号的说8000块一个")
    assert "price" not in ex.facts and ex.quantities["price_per_account"].value == 8000
    assert any("8,000元" in n for n in ex.notes)
    ex = extract_facts("收号的说8000块一个", known={"account_count": 3})
    assert ex.facts["price"] == 24000


@pytest.mark.parametrize("text, expected", [
    ("一个号3万", None), ("一个号3万", "third_party_pi"), ("一个号3万", "price"), ("每个号2k", None)])
def test_per_account_price_needs_no_money_word(text, expected):
    per = extract_facts(text, expected=expected).quantities["price_per_account"].value
    ex = extract_facts(text, expected=expected, known={"account_count": 2})
    assert ex.facts["price"] == 2 * per and "paid" not in ex.facts
    assert any("2个号" in n for n in ex.notes)


@pytest.mark.parametrize("text, expected, value", [
    ("没问过", "consent", False), ("从来没告诉过客户", "consent", False),
    ("没问过", "buyer_purpose", "unknown")])   # elsewhere it still means "I don't know"
def test_consent_never_asked_for_is_not_given(text, expected, value):
    ex = extract_facts(text, expected=expected)
    assert ex.facts.get(expected) == value and expected not in ex.unknown


@pytest.mark.parametrize("text", ["就是粉丝", "只是普通粉丝", "都是网友"])
def test_fans_are_not_customers(text):
    assert extract_facts(text, expected="obtained_in_service").facts["obtained_in_service"] is False


def test_a_bare_per_account_number_is_a_price_once_the_people_are_counted():
    ex = extract_facts("有3个vx号想出，每个号1500多个客户，一个号8000")
    assert ex.facts["price"] == 24000 and ex.facts["account_count"] == 3
    assert extract_facts("一个号8000", known={"account_count": 3, "pi_count": 4500}).facts["price"] == 24000
    assert "price" not in extract_facts("有3个号，一个号8000").facts   # people or money: unclear


def test_per_account_number_of_people_is_not_a_price():
    ex = extract_facts("一个号3万粉", known={"account_count": 2})
    assert "price" not in ex.facts and ex.facts["pi_count"] == 60000


def test_approximate_money_is_noted():
    ex = extract_facts("卖了两三万")
    assert any("2.5万元" in n for n in ex.notes)


def test_paid_above_price_is_noted():
    ex = extract_facts("总价10万，已经付了20万")
    assert ex.facts["price"] == 100000 and ex.facts["paid"] == 200000
    assert any("核对" in n for n in ex.notes)


# --- answers to the question just asked --------------------------------------------

EXPECTED = [
    # text, expected, facts (subset), unknown (subset)
    ("9", "account_count", {"account_count": 9}, set()),
    ("九个", "account_count", {"account_count": 9}, set()),
    ("大概十几个吧", "account_count", {"account_count": 15}, set()),
    ("两三千", "pi_count", {"pi_count": 2500, "third_party_pi": True}, set()),
    ("两三千人", "pi_count", {"pi_count": 2500}, set()),
    ("两三千", "pi_per_account", {}, set()),
    ("50万", "price", {"price": 500000}, set()),
    ("五十万", "price", {"price": 500000}, set()),
    ("付了30万", "paid", {"paid": 300000}, set()),
    ("30万", "paid", {"paid": 300000}, set()),
    ("是的", "real_name", {"real_name": True}, set()),
    ("嗯嗯", "consent", {"consent": True}, set()),
    ("有", "third_party_pi", {"third_party_pi": True}, set()),
    ("对的👍", "buyer_known", {"buyer_known": True}, set()),
    ("没有", "consent", {"consent": False}, set()),
    ("不会", "announce_change", {"announce_change": False}, set()),
    ("不是。", "obtained_in_service", {"obtained_in_service": False}, set()),
    ("没有，都是朋友", "obtained_in_service", {"obtained_in_service": False}, set()),
    ("没实名", "real_name", {"real_name": False}, set()),
    ("不清楚", "price", {}, {"price"}),
    ("不知道", "real_name", {}, {"real_name"}),
    ("不太确定", "account_count", {}, {"account_count"}),
    ("这个我也不知道", "platform", {}, {"platform"}),
    ("记不清了", "pi_count", {}, {"pi_count"}),
    ("不知道", "buyer_purpose", {"buyer_purpose": "unknown"}, set()),
    ("有的实名了有的没有", "real_name", {}, {"real_name"}),
    ("卖", "role", {"role": "seller"}, set()),
    ("买家", "role", {"role": "buyer"}, set()),
    ("抖音", "platform", {"platform": "douyin"}, set()),
    ("没有", "pi_count", {"pi_count": 0}, set()),
]


@pytest.mark.parametrize("text, expected, want, unknown", EXPECTED)
def test_expected_answers(text, expected, want, unknown):
    ex = extract_facts(text, expected=expected)
    for key, value in want.items():
        assert ex.facts.get(key) == value, (key, ex.facts)
    assert unknown <= ex.unknown
    if not want and not unknown:
        assert ex.facts == {} or set(ex.facts) == {"third_party_pi"}


def test_unknown_about_something_else_is_not_the_answer():
    ex = extract_facts("不知道买家干嘛用", expected="consent")
    assert ex.facts == {"buyer_purpose": "unknown"} and ex.unknown == set()


def test_per_account_answer_uses_known_count():
    ex = extract_facts("两三千", expected="pi_per_account", known={"account_count": 9})
    assert ex.facts["pi_count"] == 22500


@pytest.mark.parametrize("text, expected, value", [
    ("不会说", "announce_change", False),
    ("没同意", "consent", False),
    ("还没删", "deidentified", False),
    ("会告诉他们的", "announce_change", True),
    ("已经删了", "deidentified", True),
])
def test_echo_answers_to_yes_no_questions(text, expected, value):
    assert extract_facts(text, expected=expected).facts.get(expected) is value


@pytest.mark.parametrize("text, expected", [
    ("不知道", "consent"), ("不一定", "announce_change"), ("会不会被封", "announce_change"),
    ("有什么区别", "consent"), ("是否需要", "real_name"),
    ("没付钱", "real_name"), ("还没签", "buyer_known"), ("已经付款了", "deidentified"),
])
def test_echo_rule_leaves_questions_and_unknowns_alone(text, expected):
    assert extract_facts(text, expected=expected).facts.get(expected) is None


@pytest.mark.parametrize("text", ["是的", "没有", "对", "嗯"])
def test_yes_no_needs_a_boolean_question(text):
    assert extract_facts(text).facts == {}
    assert extract_facts(text, expected="account_count").facts == {}
    assert extract_facts(text, expected="platform").facts == {}


@pytest.mark.parametrize("text, count", [
    ("我花了8万买了个抖音号，结果卖家又找回去了", 1),
    ("去年卖了个微信号", 1),
    ("卖了个好价钱", None),
    ("买了个号，又买了3个号", 3),
])
def test_bare_measure_word_after_a_trade_verb_is_one_account(text, count):
    assert extract_facts(text).facts.get("account_count") == count


@pytest.mark.parametrize("text, kinds", [
    ("就是粉丝，没什么别的信息", ["other"]),
    ("只有好友", ["other"]),
    ("没有好友", None),
    ("聊天记录和好友", ["communication_content"]),
])
def test_kinds_answer_naming_only_the_people(text, kinds):
    assert extract_facts(text, expected="pi_kinds").facts.get("pi_kinds") == kinds


@pytest.mark.parametrize("text, kinds", [
    ("是实名的，卖家的身份证", None),
    ("实名了，用的是我老婆的身份证", None),
    ("号是实名的，里面有客户的身份证号", ["identity"]),
])
def test_ids_in_real_name_sentences_belong_to_the_account_holder(text, kinds):
    assert extract_facts(text, expected="real_name").facts.get("pi_kinds") == kinds


def test_a_correction_does_not_answer_the_open_yes_no_question():
    ex = extract_facts("不对，其实是两个号", expected="third_party_pi")
    assert ex.facts == {"account_count": 2} and ex.correction
    assert extract_facts("不是", expected="third_party_pi").facts["third_party_pi"] is False


def test_bare_number_without_question_is_not_a_fact():
    assert extract_facts("9").facts == {}
    assert extract_facts("两三千").facts == {}


def test_impossible_values_become_problems():
    ex = extract_facts("-3", expected="account_count")
    assert "account_count" not in ex.facts and "负数" in ex.problems["account_count"]
    ex = extract_facts("一百亿个", expected="account_count")
    assert "account_count" not in ex.facts and ex.problems["account_count"]
    ex = extract_facts("卖了200亿", expected="price")
    assert "price" not in ex.facts and ex.problems["price"]


# --- validate_value --------------------------------------------------------------

@pytest.mark.parametrize("key, value, ok", [
    ("account_count", 9, True), ("account_count", 100000, True), ("account_count", 100001, False),
    ("account_count", -1, False), ("account_count", 0, False), ("account_count", 1.5, False),
    ("account_count", True, False), ("pi_count", 0, True), ("pi_count", 10 ** 9, True),
    ("pi_count", 10 ** 9 + 1, False), ("pi_count", -5, False), ("price", 500000, True), ("price", 0, True),
    ("price", 1e10, True), ("price", 1e10 + 1, False), ("paid", -1, False), ("unpaid", -200000, False),
    ("price", float("nan"), False), ("real_name", True, True), ("real_name", "yes", False),
    ("platform", "wechat", True), ("platform", "facebook", False), ("role", "seller", True),
    ("status", "done", False), ("pi_kinds", ["health", "identity"], True), ("pi_kinds", ["medical"], False),
    ("pi_kinds", "health", False), ("something_else", 42, True), ("price", None, True),
])
def test_validate_value(key, value, ok):
    problem = validate_value(key, value)
    if ok:
        assert problem is None
    else:
        assert isinstance(problem, str) and problem and all(ord(c) < 0x2E80 or c for c in problem)
        assert any("\u4e00" <= c <= "\u9fff" for c in problem)


# --- robustness ------------------------------------------------------------------

HOSTILE = [
    "", " ", "\n\n", None, 42, b"bytes", ["list"], "😀" * 5000, "👍", "🤔🤔🤔？？？",
    "<script>alert('x')</script>", "<b>微信</b>", "'; DROP TABLE facts; --", "1 OR 1=1",
    "\x00\x01\x02\x1b[31m", "\u202e反转\u202c", "a" * 100_000, "卖" * 100_000, "9个号" * 20000,
    "{{7*7}}", "${jndi:ldap://x}", "%s%s%s%n", "\\x00", "万" * 5000, "一" * 5000, "负" * 5000,
    "不" * 5000, "没有" * 3000, "？" * 5000, "\ud800" if False else "\ufffd" * 100,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda value: repr(value)[:20])
def test_hostile_input_never_raises(text):
    start = time.monotonic()
    for expected in (None, "account_count", "real_name", "price", "nonsense", 123):
        ex = extract_facts(text, expected=expected)
        assert isinstance(ex, Extraction)
        validate_facts({k: v for k, v in ex.facts.items()})
    assert time.monotonic() - start < 10


@pytest.mark.parametrize("text", ["", "😀" * 5000, "<script>alert(1)</script>", "'; DROP TABLE x; --",
                                  "\x00\x01\x02", "a" * 100_000], ids=lambda value: repr(value)[:20])
def test_noise_yields_no_facts(text):
    assert extract_facts(text).facts == {}


def test_long_message_is_truncated_with_a_note():
    ex = extract_facts(FLAGSHIP + "。" + "啊" * 100_000)
    assert ex.facts["pi_count"] == 22500
    assert any("只读取了前" in n for n in ex.notes)


def test_extraction_results_are_valid_engine_facts():
    for text, *_ in ROLE + PLATFORM + ACCOUNT_COUNT + PI_COUNT + PI_KINDS + BOOLEANS + MONEY + STATUS:
        validate_facts(extract_facts(text).facts)


def test_vocabulary_matches_the_risk_engine():
    assert extract.ROLES == vocab.ROLES
    assert extract.PLATFORMS == vocab.PLATFORMS
    assert extract.ACCOUNT_KINDS == vocab.ACCOUNT_KINDS
    assert extract.PI_KINDS == vocab.PI_KINDS
    assert extract.BUYER_PURPOSES == vocab.BUYER_PURPOSES
    assert extract.STATUSES == vocab.STATUSES
    assert set(extract.PLATFORM_WORDS) == set(vocab.PLATFORMS)
    assert set(extract.PI_KIND_WORDS) == set(vocab.PI_KINDS)


def test_lexicons_only_produce_known_values():
    assert set(extract.ACCOUNT_KIND_WORDS) <= set(vocab.ACCOUNT_KINDS)
    assert {p for p, _ in extract.BUYER_PURPOSE_CUES} <= set(vocab.BUYER_PURPOSES)
    assert set(extract.STATUS_CUES) == set(vocab.STATUSES)
    assert set(extract.BOOL_CUES) <= set(extract.BOOLEAN_FACTS)
