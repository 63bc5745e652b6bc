<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountCard</name>
    <message>
        <source>Account</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Every other phone, tablet and computer signed in to this account is signed out; this one stays.</source>
        <translation>登录此账户的其他手机、平板和电脑都会退出登录；这台设备保持登录。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Sign out everywhere</source>
        <translation>在所有设备上退出</translation>
    </message>
    <message>
        <source>A phone lost or left signed in? End every session of this account, this one too.</source>
        <translation>手机丢了，或在别处忘了退出？结束此账户的所有登录，包括这一台。</translation>
    </message>
    <message>
        <source>Sign out everywhere…</source>
        <translation>在所有设备上退出…</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>请输入当前密码。</translation>
    </message>
    <message>
        <source>A new password needs at least 8 characters.</source>
        <translation>新密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Password changed. Every other phone, tablet and computer signed in to this account is signed out.</source>
        <translation>密码已修改。登录此账户的其他手机、平板和电脑都已退出登录。</translation>
    </message>
</context>
<context>
    <name>Activity</name>
    <message>
        <source>the shop&apos;s till couldn&apos;t read a valid code</source>
        <translation>商户收银台没能读到有效的付款码</translation>
    </message>
    <message>
        <source>the code shown was too old</source>
        <translation>出示的付款码已过期</translation>
    </message>
    <message>
        <source>that code had already been used</source>
        <translation>这个付款码已经用过了</translation>
    </message>
    <message>
        <source>you had stopped this spending money</source>
        <translation>您已停用这笔零花钱</translation>
    </message>
    <message>
        <source>this spending money had ended</source>
        <translation>这笔零花钱已到期</translation>
    </message>
    <message>
        <source>over the limit for one payment</source>
        <translation>超过单笔限额</translation>
    </message>
    <message>
        <source>over today&apos;s limit</source>
        <translation>超过每日限额</translation>
    </message>
    <message>
        <source>over this month&apos;s limit</source>
        <translation>超过每月限额</translation>
    </message>
    <message>
        <source>your balance was too low</source>
        <translation>您的余额不足</translation>
    </message>
    <message>
        <source>a kind of thing you don&apos;t allow</source>
        <translation>您不允许购买的品类</translation>
    </message>
    <message>
        <source>outside the times you allow</source>
        <translation>不在您允许的时段内</translation>
    </message>
    <message>
        <source>in another currency than the spending money&apos;s</source>
        <translation>币种与零花钱不符</translation>
    </message>
    <message>
        <source>over what may be paid while the shop is offline</source>
        <translation>超过商户离线时可付的额度</translation>
    </message>
    <message>
        <source>{daily} a day, {monthly} a month</source>
        <translation>每日 {daily}，每月 {monthly}</translation>
    </message>
    <message>
        <source>already spent: {today} today, {month} this month</source>
        <translation>已花费：今天 {today}，本月 {month}</translation>
    </message>
    <message>
        <source>{items} paid another way ({rest})</source>
        <translation>{items}用其他方式付了（{rest}）</translation>
    </message>
    <message>
        <source>{name} also wanted {items}: not on the allowance</source>
        <translation>{name}还想买{items}：这不能用零花钱买</translation>
    </message>
    <message>
        <source>{name} tried to buy {items}: not on the allowance</source>
        <translation>{name}想买{items}，但这不能用零花钱买</translation>
    </message>
    <message>
        <source> ({rest})</source>
        <translation>（{rest}）</translation>
    </message>
    <message>
        <source>for {items}</source>
        <translation>买了：{items}</translation>
    </message>
    <message>
        <source>{rest} not on the allowance</source>
        <translation>另有 {rest} 不由零花钱支付</translation>
    </message>
    <message>
        <source>{rest} paid another way</source>
        <translation>另有 {rest} 用其他方式支付</translation>
    </message>
    <message>
        <source>Your child</source>
        <translation>您的孩子</translation>
    </message>
    <message>
        <source>a shop</source>
        <translation>一家商户</translation>
    </message>
    <message>
        <source>at {shop}</source>
        <translation>在{shop}</translation>
    </message>
    <message>
        <source> · {amount} left today</source>
        <translation> · 今日还剩 {amount}</translation>
    </message>
    <message>
        <source> · paid offline</source>
        <translation> · 离线支付</translation>
    </message>
    <message>
        <source>{name} paid</source>
        <translation>{name}付款成功</translation>
    </message>
    <message>
        <source> · the shop took it offline and handed it over unpaid: it may ask you to pay</source>
        <translation> · 商户离线时已收下并交货，但没有收到钱：可能会请您补付</translation>
    </message>
    <message>
        <source>{name}&apos;s payment was declined</source>
        <translation>{name}的付款被拒</translation>
    </message>
    <message>
        <source>at {shop} · {reason}</source>
        <translation>在{shop} · {reason}</translation>
    </message>
    <message>
        <source>tried to buy {items}</source>
        <translation>想买：{items}</translation>
    </message>
    <message>
        <source>{name}&apos;s payment of {amount} was declined</source>
        <translation>{name}的 {amount} 付款被拒</translation>
    </message>
    <message>
        <source>A shop</source>
        <translation>一家商户</translation>
    </message>
    <message>
        <source>your child</source>
        <translation>您的孩子</translation>
    </message>
    <message>
        <source>{shop} gave back money</source>
        <translation>{shop}已退款</translation>
    </message>
    <message>
        <source>for {name}&apos;s purchase</source>
        <translation>退回{name}的消费</translation>
    </message>
    <message>
        <source>for {name}&apos;s purchase of {items}</source>
        <translation>退回{name}的消费：{items}</translation>
    </message>
    <message>
        <source>{shop} gave back {amount}</source>
        <translation>{shop}退回了 {amount}</translation>
    </message>
    <message>
        <source>You gave {name} spending money</source>
        <translation>您给了{name}零花钱</translation>
    </message>
    <message>
        <source>You changed {name}&apos;s limits</source>
        <translation>您修改了{name}的限额</translation>
    </message>
    <message>
        <source>You stopped {name}&apos;s spending money</source>
        <translation>您停用了{name}的零花钱</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation>{name}的平板已配对</translation>
    </message>
    <message>
        <source>Money added to your account</source>
        <translation>已存入您的账户</translation>
    </message>
    <message>
        <source>a top-up (demo)</source>
        <translation>充值（演示）</translation>
    </message>
    <message>
        <source>New sign-in to your account</source>
        <translation>您的账户有新的登录</translation>
    </message>
    <message>
        <source>from {address} · if it wasn&apos;t you, change your password in Settings: that signs everyone else out</source>
        <translation>来自 {address} · 如果不是您本人，请在“设置”中修改密码：其他人都会被登出</translation>
    </message>
    <message>
        <source>The typed code was switched off</source>
        <translation>手动输入的数字码已被关闭</translation>
    </message>
    <message>
        <source>after wrong numbers at a till · off until {time}, unless you turn it back on in Home · the QR code still works</source>
        <translation>有人在收银台输错了数字 · 关闭到 {time}，除非您在首页重新开启 · 二维码付款不受影响</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Nothing yet. Payments, declines and refunds show up here as they happen.</source>
        <translation>暂无记录。付款、被拒和退款会实时显示在这里。</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 实时</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
</context>
<context>
    <name>Amounts</name>
    <message>
        <source>A comma only groups thousands, as in 1,500 or 1,500.25. Decimals go after a point: 1.50.</source>
        <translation>逗号只用来分隔千位，如 1,500 或 1,500.25。小数请用小数点：1.50。</translation>
    </message>
</context>
<context>
    <name>Ask</name>
    <message>
        <source>Waiting for {payer}. Enter or Esc: cancel.</source>
        <translation>正在等{payer}回复。按回车或 Esc：取消。</translation>
    </message>
    <message>
        <source>Allowed by {payer} for this sale.</source>
        <translation>{payer}已同意这笔交易。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>回车：{action}。</translation>
    </message>
    <message>
        <source>the parent</source>
        <translation>家长</translation>
    </message>
    <message>
        <source>Ask {payer}</source>
        <translation>询问{payer}</translation>
    </message>
    <message>
        <source>Asking {payer} needs the server, which can&apos;t be reached now.</source>
        <translation>询问{payer}需要连接服务器，但现在连不上。</translation>
    </message>
    <message>
        <source>Nothing was charged. Ask for another way to pay.</source>
        <translation>未扣款。请顾客换一种方式付款。</translation>
    </message>
    <message>
        <source>{payer} said no</source>
        <translation>{payer}拒绝了</translation>
    </message>
    <message>
        <source>No answer from {payer}</source>
        <translation>{payer}没有回复</translation>
    </message>
    <message>
        <source>The question ran out of time. Nothing was charged.</source>
        <translation>询问已超时。未扣款。</translation>
    </message>
    <message>
        <source>Asking cancelled</source>
        <translation>已取消询问</translation>
    </message>
    <message>
        <source>Nothing was charged.</source>
        <translation>未扣款。</translation>
    </message>
    <message>
        <source>Can&apos;t ask {payer}</source>
        <translation>无法询问{payer}</translation>
    </message>
    <message>
        <source>Asking can&apos;t lift this decline. Ask for another way to pay.</source>
        <translation>这类拒绝无法通过询问解除。请顾客换一种方式付款。</translation>
    </message>
    <message>
        <source>Can&apos;t reach the server</source>
        <translation>连不上服务器</translation>
    </message>
    <message>
        <source>Asking {payer} needs the server. Nothing was charged.</source>
        <translation>询问{payer}需要连接服务器。未扣款。</translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation>尚未确认</translation>
    </message>
    <message>
        <source>{payer} said yes, but the server&apos;s answer didn&apos;t arrive. Try again: it is never charged twice.</source>
        <translation>{payer}已同意，但服务器的回复没有收到。请重试：绝不会重复扣款。</translation>
    </message>
    <message>
        <source>Asking didn&apos;t work</source>
        <translation>询问没有成功</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Asking {payer}…</source>
        <translation>正在询问{payer}…</translation>
    </message>
    <message>
        <source>{payer} gets the question on their phone. The sale completes here when they allow it.</source>
        <translation>{payer}会在手机上收到询问。对方同意后，这笔交易会在这里完成。</translation>
    </message>
    <message>
        <source>The link to the server is down: {payer}&apos;s answer arrives here when it is back. Nothing is charged until then.</source>
        <translation>与服务器的连接已中断：连接恢复后，{payer}的回复才会传到这里。在此之前不会扣款。</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Allowed. Completing the sale…</source>
        <translation>已同意。正在完成交易…</translation>
    </message>
</context>
<context>
    <name>Asking</name>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>today is already {was} over its limit; this makes it {amount}</source>
        <translation>今天已经比今日限额多 {was}，付了这笔会多 {amount}</translation>
    </message>
    <message>
        <source>today would be {amount} over its limit</source>
        <translation>付了这笔，今天会比今日限额多 {amount}</translation>
    </message>
    <message>
        <source>this month is already {was} over its limit; this makes it {amount}</source>
        <translation>本月已经比本月限额多 {was}，付了这笔会多 {amount}</translation>
    </message>
    <message>
        <source>this month would be {amount} over its limit</source>
        <translation>付了这笔，本月会比本月限额多 {amount}</translation>
    </message>
    <message>
        <source>{amount} over the limit for one payment</source>
        <translation>比单笔限额多 {amount}</translation>
    </message>
    <message>
        <source>includes things you don&apos;t allow: {kinds}</source>
        <translation>含有您不允许购买的品类：{kinds}</translation>
    </message>
    <message>
        <source>a blocked kind</source>
        <translation>被禁止的品类</translation>
    </message>
    <message>
        <source>outside the times you allow</source>
        <translation>不在您允许的时段内</translation>
    </message>
    <message>
        <source>and {n} more</source>
        <translation>等另外 {n} 件</translation>
    </message>
    <message>
        <source>{child} asks to pay {amount} at {shop}</source>
        <translation>{child}想在{shop}付 {amount}</translation>
    </message>
    <message>
        <source>you allowed it once; it wasn&apos;t paid</source>
        <translation>您已同意这一次；未付款</translation>
    </message>
    <message>
        <source>waiting for your answer</source>
        <translation>等待您的答复</translation>
    </message>
    <message>
        <source>you allowed it once</source>
        <translation>您已同意这一次</translation>
    </message>
    <message>
        <source>you allowed it once; paid</source>
        <translation>您已同意这一次；已付款</translation>
    </message>
    <message>
        <source>you said no</source>
        <translation>您拒绝了</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未及时答复</translation>
    </message>
    <message>
        <source>the shop stopped asking</source>
        <translation>商户取消了询问</translation>
    </message>
    <message>
        <source>{amount} at {shop} wasn&apos;t paid.</source>
        <translation>在{shop}的 {amount} 没有付。</translation>
    </message>
    <message>
        <source>Asking {payer}…</source>
        <translation>正在问{payer}…</translation>
    </message>
    <message>
        <source>{amount} at {shop}. Wait a moment.</source>
        <translation>在{shop}付 {amount}。请稍等一下。</translation>
    </message>
    <message>
        <source>{payer} said yes</source>
        <translation>{payer}同意了</translation>
    </message>
    <message>
        <source>{amount} at {shop}: it&apos;s being paid.</source>
        <translation>在{shop}的 {amount}：正在付款。</translation>
    </message>
    <message>
        <source>{amount} at {shop} is paid.</source>
        <translation>在{shop}的 {amount} 已经付好了。</translation>
    </message>
    <message>
        <source>{payer} said no</source>
        <translation>{payer}没有同意</translation>
    </message>
    <message>
        <source>No answer from {payer}</source>
        <translation>{payer}没有回复</translation>
    </message>
    <message>
        <source>The shop stopped asking</source>
        <translation>店里取消了询问</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>没有付成</translation>
    </message>
    <message>
        <source>{payer} said yes, but {amount} at {shop} wasn&apos;t paid.</source>
        <translation>{payer}同意了，但在{shop}的 {amount} 没有付成。</translation>
    </message>
    <message>
        <source>Paid {amount}</source>
        <translation>付了 {amount}</translation>
    </message>
    <message>
        <source>at {shop}</source>
        <translation>在{shop}</translation>
    </message>
    <message>
        <source> · {left} left today</source>
        <translation> · 今天还剩 {left}</translation>
    </message>
    <message>
        <source>{amount} at {shop}: {reason}</source>
        <translation>在{shop}的 {amount}：{reason}</translation>
    </message>
    <message>
        <source>Your spending money has stopped</source>
        <translation>你的零花钱已停用</translation>
    </message>
    <message>
        <source>{m}:{s:02d} left</source>
        <translation>还剩 {m}:{s:02d}</translation>
    </message>
    <message>
        <source>{child} asked you at the till</source>
        <translation>{child}在收银台向您询问</translation>
    </message>
    <message>
        <source>{child}&apos;s question: {answer}</source>
        <translation>{child}的询问：{answer}</translation>
    </message>
    <message>
        <source>{amount} at {shop} · {need}</source>
        <translation>在{shop} {amount} · {need}</translation>
    </message>
    <message>
        <source>Allow {child} {amount} at {shop}?</source>
        <translation>允许{child}在{shop}付 {amount}？</translation>
    </message>
    <message>
        <source>{amount} at {shop}</source>
        <translation>在{shop} {amount}</translation>
    </message>
    <message>
        <source>Allow this once</source>
        <translation>仅同意这一次</translation>
    </message>
    <message>
        <source>Say no</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>That is more than your balance ({balance}): a yes won&apos;t pay it unless you add money first.</source>
        <translation>这比您的余额（{balance}）还多：除非先充值，否则同意了也付不成。</translation>
    </message>
    <message>
        <source>That didn&apos;t go through: {why}</source>
        <translation>没有成功：{why}</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Seen</source>
        <translation>知道了</translation>
    </message>
    <message>
        <source>{count} offline payments were declined by the server:</source>
        <translation>服务器拒绝了 {count} 笔离线付款：</translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} ({name}) was declined by the server: {reason} The shop was not paid for it.</source>
        <translation>{time} 的一笔 {amount} 离线付款（{name}）被服务器拒绝：{reason} 这笔钱商户没有收到。</translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} was declined by the server: {reason} The shop was not paid for it.</source>
        <translation>{time} 的一笔 {amount} 离线付款被服务器拒绝：{reason} 这笔钱商户没有收到。</translation>
    </message>
    <message>
        <source>Ask the family to pay it.</source>
        <translation>请这家人补付。</translation>
    </message>
</context>
<context>
    <name>Basket</name>
    <message>
        <source>Items in this sale</source>
        <translation>本次交易的商品</translation>
    </message>
</context>
<context>
    <name>Camera</name>
    <message>
        <source>Camera: {problem}</source>
        <translation>摄像头：{problem}</translation>
    </message>
    <message>
        <source>No camera picture.
{problem}

Choose another camera in Settings, or type the code below.</source>
        <translation>摄像头没有画面。
{problem}

请在“设置”中换一个摄像头，或在下方输入数字码。</translation>
    </message>
    <message>
        <source>Camera: no picture</source>
        <translation>摄像头：没有画面</translation>
    </message>
    <message>
        <source>No camera picture.
Choose another camera in Settings, or type the code below.</source>
        <translation>摄像头没有画面。
请在“设置”中换一个摄像头，或在下方输入数字码。</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Grocery</source>
        <translation>食品杂货</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>餐饮</translation>
    </message>
    <message>
        <source>Snacks</source>
        <translation>零食</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>饮料</translation>
    </message>
    <message>
        <source>Books</source>
        <translation>图书</translation>
    </message>
    <message>
        <source>Stationery</source>
        <translation>文具</translation>
    </message>
    <message>
        <source>Transport</source>
        <translation>交通</translation>
    </message>
    <message>
        <source>Clothing</source>
        <translation>服装</translation>
    </message>
    <message>
        <source>Toys</source>
        <translation>玩具</translation>
    </message>
    <message>
        <source>Games</source>
        <translation>游戏</translation>
    </message>
    <message>
        <source>Electronics</source>
        <translation>电子产品</translation>
    </message>
    <message>
        <source>Alcohol</source>
        <translation>酒类</translation>
    </message>
    <message>
        <source>Tobacco</source>
        <translation>烟草</translation>
    </message>
    <message>
        <source>Gambling</source>
        <translation>博彩</translation>
    </message>
</context>
<context>
    <name>CheckAmount</name>
    <message>
        <source>Check the amount</source>
        <translation>请核对金额</translation>
    </message>
    <message>
        <source>This is more than {limit}, more than a sale here usually is. Charge it?</source>
        <translation>这笔超过 {limit}，比本店平常的一笔消费大。要收款吗？</translation>
    </message>
    <message>
        <source>Tap your answer: Enter doesn&apos;t answer this question.</source>
        <translation>请点选您的答案：回车键不会回答这个问题。</translation>
    </message>
    <message>
        <source>Change the amount</source>
        <translation>修改金额</translation>
    </message>
    <message>
        <source>Yes, charge {amount}</source>
        <translation>是，收款 {amount}</translation>
    </message>
</context>
<context>
    <name>ClearSale</name>
    <message>
        <source>Clear the basket?</source>
        <translation>清空购物篮？</translation>
    </message>
    <message>
        <source>The basket&apos;s {items} items, {total}, will be taken off, and the sale starts again from zero.</source>
        <translation>购物篮里的 {items} 件商品（{total}）将被移除，这笔销售从零开始。</translation>
    </message>
    <message>
        <source>Keep the basket</source>
        <translation>保留购物篮</translation>
    </message>
    <message>
        <source>Yes, clear it</source>
        <translation>是的，清空</translation>
    </message>
</context>
<context>
    <name>CodeScreen</name>
    <message>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>at {time}</source>
        <translation>{time}</translation>
    </message>
    <message>
        <source>on {date} at {time}</source>
        <translation>{date} {time}</translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation>尚未同步</translation>
    </message>
    <message>
        <source>as of just now</source>
        <translation>刚刚更新</translation>
    </message>
    <message>
        <source>as of {time}</source>
        <translation>截至 {time}</translation>
    </message>
    <message>
        <source>as of {date}, {time}</source>
        <translation>截至 {date} {time}</translation>
    </message>
    <message>
        <source>payment code</source>
        <translation>付款码</translation>
    </message>
    <message>
        <source>left to spend today</source>
        <translation>今天还能花</translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation>我买过的东西</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>重新登录</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>换一个码</translation>
    </message>
    <message>
        <source>numeric code {digits}</source>
        <translation>数字码 {digits}</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒后换新码</numerusform>
        </translation>
    </message>
    <message>
        <source>Hi {name}!</source>
        <translation>{name}，你好！</translation>
    </message>
    <message>
        <source>Hi!</source>
        <translation>你好！</translation>
    </message>
    <message>
        <source>Spending money from {name}</source>
        <translation>{name}给你的零花钱</translation>
    </message>
    <message>
        <source>left today: we&apos;ll know when we&apos;re online</source>
        <translation>今天还剩多少：连上网络后就知道啦</translation>
    </message>
    <message>
        <source>left to spend today ({as_of})</source>
        <translation>今天还能花（{as_of}）</translation>
    </message>
    <message>
        <source>You can pay up to {amount} at a time</source>
        <translation>每次最多可以付 {amount}</translation>
    </message>
    <message>
        <source>Only for: {categories}</source>
        <translation>只能买：{categories}</translation>
    </message>
    <message>
        <source>Not for: {categories}</source>
        <translation>不能买：{categories}</translation>
    </message>
    <message>
        <source>Only {times}</source>
        <translation>只能在 {times}</translation>
    </message>
    <message>
        <source>Not now: only {times}</source>
        <translation>现在不能用：只能在 {times}</translation>
    </message>
    <message>
        <source>Until {date}</source>
        <translation>到 {date} 为止</translation>
    </message>
    <message>
        <source>Signed out · codes still work
sign in again to sync</source>
        <translation>已退出登录 · 付款码仍然能用
重新登录后才能同步</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>synced {when}</source>
        <translation>同步于{when}</translation>
    </message>
    <message>
        <source>Offline · codes still work
{synced}</source>
        <translation>离线 · 付款码仍然能用
{synced}</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
</context>
<context>
    <name>ConfirmPassword</name>
    <message>
        <source>Your password</source>
        <translation>您的密码</translation>
    </message>
    <message>
        <source>Enter your password to go on</source>
        <translation>请输入密码以继续</translation>
    </message>
    <message>
        <source>Spending money, pairing codes, higher limits and “yes” to a shop ask for it when you haven&apos;t typed it in the last 15 minutes, so that someone who picks up this device can&apos;t do them.</source>
        <translation>给零花钱、配对码、提高限额和同意商店的付款，如果您在过去15分钟内没有输入过密码，就要再输入一次。这样别人拿起这台设备也做不了这些事。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>That password is wrong. Try again.</source>
        <translation>密码不对，请再试一次。</translation>
    </message>
</context>
<context>
    <name>ConfirmRevoke</name>
    <message>
        <source>Stop spending money</source>
        <translation>停用零花钱</translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money?</source>
        <translation>要停用{name}的零花钱吗？</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet stops paying at once; {left} was left for today. Shops that are offline may still accept a small payment until they reconnect. This can&apos;t be undone: to start again, give {name} new spending money.</source>
        <translation>{name}的平板将立即无法付款；今天还剩 {left}。离线中的商户在恢复联网前，仍可能收下一小笔付款。此操作无法撤销：如需恢复，请重新给{name}零花钱。</translation>
    </message>
    <message>
        <source>{shop} is asking you about {amount} right now: stopping says no to it.</source>
        <translation>{shop}正在问您 {amount} 的这笔消费：停用就等于拒绝它。</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money</source>
        <translation>停用{name}的零花钱</translation>
    </message>
</context>
<context>
    <name>ConfirmSecondGrant</name>
    <message>
        <source>Spending money</source>
        <translation>零花钱</translation>
    </message>
    <message>
        <source>{name} already has spending money from you</source>
        <translation>您已经给了{name}零花钱</translation>
    </message>
    <message>
        <source>Up to {per_payment} a payment and {daily} a day. A second one has its own limits and its own pairing code. To change what {name} may spend, change the one {name} has.</source>
        <translation>单笔最多 {per_payment}，每天最多 {daily}。再给一份会有自己的额度和配对码。要改{name}能花多少，请修改{name}已有的那一份。</translation>
    </message>
    <message>
        <source>Change that one</source>
        <translation>修改那一份</translation>
    </message>
    <message>
        <source>Give a second one</source>
        <translation>再给一份</translation>
    </message>
</context>
<context>
    <name>ConfirmSignOutEverywhere</name>
    <message>
        <source>Sign out everywhere</source>
        <translation>在所有设备上退出</translation>
    </message>
    <message>
        <source>Sign out everywhere?</source>
        <translation>在所有设备上退出？</translation>
    </message>
    <message>
        <source>Every phone, tablet and computer signed in to this account is signed out at once, this one too. Your password stays the same: if someone else may know it, change it instead.</source>
        <translation>登录此账户的所有手机、平板和电脑会立即退出登录，包括这一台。密码不变：如果别人可能知道密码，请改为修改密码。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ConfirmSystemStore</name>
    <message>
        <source>Use the system&apos;s store</source>
        <translation>改用系统的证书库</translation>
    </message>
    <message>
        <source>Use the system&apos;s store?</source>
        <translation>改用系统的证书库？</translation>
    </message>
    <message>
        <source>The wallet stops trusting your server&apos;s own certificate authority and pinned certificates, now and at its next start. If your server&apos;s certificate is from its own authority, the wallet can&apos;t reach it then, until it is started with kinpay --ca again.</source>
        <translation>钱包将不再信任您服务器自己的证书颁发机构和固定的证书，现在和下次启动时都是如此。如果您服务器的证书来自它自己的颁发机构，钱包就连不上它，直到再用 kinpay --ca 启动。</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n 笔交易</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approved</source>
        <translation>
            <numerusform>成功 %n 笔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline payment(s)</source>
        <translation>
            <numerusform>%n 笔离线付款</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time window(s)</source>
        <translation>
            <numerusform>%n 个时段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n 笔付款</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DelegateShell</name>
    <message>
        <source>Please sign in first, then pair.</source>
        <translation>请先登录，再配对。</translation>
    </message>
    <message>
        <source>No camera found on this tablet. Type the code.</source>
        <translation>这台平板没有摄像头，请输入配对码。</translation>
    </message>
</context>
<context>
    <name>DeviceRow</name>
    <message>
        <source>A device with no name</source>
        <translation>未命名的设备</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>from {address}</source>
        <translation>来自 {address}</translation>
    </message>
    <message>
        <source>signed in {when}</source>
        <translation>{when} 登录</translation>
    </message>
    <message>
        <source>last used {when}</source>
        <translation>最近使用 {when}</translation>
    </message>
</context>
<context>
    <name>DevicesCard</name>
    <message>
        <source>Signed-in devices</source>
        <translation>已登录的设备</translation>
    </message>
    <message>
        <source>Every phone, tablet and computer signed in to your account. Don&apos;t know one, or lost it? Sign it out here; if someone else may know your password, change it too.</source>
        <translation>登录了您账户的每一部手机、平板和电脑。有不认识的，或者丢了？在这里让它退出登录；如果别人可能知道您的密码，也请修改密码。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>{device} is signed out.</source>
        <translation>{device} 已退出登录。</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>EndedPage</name>
    <message>
        <source>I have a new pairing code</source>
        <translation>我有新的配对码</translation>
    </message>
    <message>
        <source>your parent</source>
        <translation>爸爸妈妈</translation>
    </message>
    <message>
        <source>This spending money has come to an end</source>
        <translation>这笔零花钱已经到期了</translation>
    </message>
    <message>
        <source>{name} has stopped this spending money</source>
        <translation>{name}停用了这笔零花钱</translation>
    </message>
    <message>
        <source>That&apos;s okay. This tablet can&apos;t pay for things right now. If you need to buy something, please ask {name} — they&apos;ll help you.</source>
        <translation>没关系。这台平板现在不能付款。如果需要买东西，请找{name}帮你。</translation>
    </message>
</context>
<context>
    <name>GrantCard</name>
    <message>
        <source>pays what is left of a larger purchase</source>
        <translation>额度不够时先付剩余部分</translation>
    </message>
    <message>
        <source>no part payments</source>
        <translation>不允许部分付款</translation>
    </message>
    <message>
        <source>Tablet paired</source>
        <translation>平板已配对</translation>
    </message>
    <message>
        <source>Not paired yet</source>
        <translation>尚未配对</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>本月</translation>
    </message>
    <message>
        <source>The typed code is off until {time}: someone tried wrong numbers at a till. The QR code still works.</source>
        <translation>手动输入的数字码已关闭到 {time}：有人在收银台输错了数字。二维码付款不受影响。</translation>
    </message>
    <message>
        <source>Turn typed code back on</source>
        <translation>重新开启数字码</translation>
    </message>
    <message>
        <source>Change limits</source>
        <translation>修改限额</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配对码</translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation>停用…</translation>
    </message>
</context>
<context>
    <name>GrantForm</name>
    <message>
        <source>kinpay may have saved this already. Check the home page before saving again.</source>
        <translation>kinpay 可能已经保存了。请先查看首页，再决定是否重新保存。</translation>
    </message>
    <message>
        <source>One payment at most</source>
        <translation>单笔限额</translation>
    </message>
    <message>
        <source>Each day at most</source>
        <translation>每日限额</translation>
    </message>
    <message>
        <source>Each month at most</source>
        <translation>每月限额</translation>
    </message>
    <message>
        <source>When the shop is offline, one payment at most</source>
        <translation>商户离线时，每笔最多</translation>
    </message>
    <message>
        <source>One payment can&apos;t be more than the daily limit, and the daily limit can&apos;t be more than the monthly one.</source>
        <translation>单笔限额不能高于每日限额，每日限额不能高于每月限额。</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>请输入大于零的金额。</translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation>金额太大了。</translation>
    </message>
    <message>
        <source>Type your child&apos;s kinpay name.</source>
        <translation>请输入孩子的 kinpay 用户名。</translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation>内容太长了。</translation>
    </message>
    <message>
        <source>Pick at least one day, and a start time before the end time.</source>
        <translation>请至少选一天，并且开始时间要早于结束时间。</translation>
    </message>
    <message>
        <source>This isn&apos;t right. Check it and try again.</source>
        <translation>这一项填写有误，请检查后重试。</translation>
    </message>
    <message>
        <source>Enter an amount, like {round} or {example}.</source>
        <translation>请输入金额，例如 {round} 或 {example}。</translation>
    </message>
    <message>
        <source>{currency} has no minor unit.</source>
        <translation>{currency} 没有小数单位。</translation>
    </message>
    <message>
        <source>{currency} has {digits} decimals at most.</source>
        <translation>{currency} 最多 {digits} 位小数。</translation>
    </message>
    <message>
        <source>An amount can&apos;t be less than 0.</source>
        <translation>金额不能小于 0。</translation>
    </message>
    <message>
        <source>“{text}” isn&apos;t an amount. Use digits, like {example}.</source>
        <translation>“{text}”不是金额，请用数字，例如 {example}。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Your child&apos;s kinpay name, e.g. lily</source>
        <translation>孩子的 kinpay 用户名，例如 lily</translation>
    </message>
    <message>
        <source>Who is it for?</source>
        <translation>给谁？</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>How much?</source>
        <translation>额度多少？</translation>
    </message>
    <message>
        <source>Offline payments are checked by the shop alone, so keep that amount small. At most twice that amount is paid offline in one day.</source>
        <translation>离线付款只由商户自行核验，所以这个金额请设小一点。一天内离线最多付这个金额的两倍。</translation>
    </message>
    <message>
        <source>When less is left than a purchase, pay what is left (the rest is paid another way)</source>
        <translation>剩余额度不够一笔消费时，先付剩下的额度（其余用其他方式支付）</translation>
    </message>
    <message>
        <source>What may they buy?</source>
        <translation>可以买什么？</translation>
    </message>
    <message>
        <source>Anything, except what is ticked</source>
        <translation>除勾选的以外都可以</translation>
    </message>
    <message>
        <source>Only what is ticked</source>
        <translation>只能买勾选的</translation>
    </message>
    <message>
        <source>When?</source>
        <translation>什么时候可以用？</translation>
    </message>
    <message>
        <source>Only on these days, between these times</source>
        <translation>只在这些日子的这些时段</translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation>yyyy年M月d日</translation>
    </message>
    <message>
        <source>Give spending money</source>
        <translation>给零花钱</translation>
    </message>
    <message>
        <source>Your child spends from your balance, within the limits you set here. You can change or stop it at any time.</source>
        <translation>孩子从您的余额中消费，不会超过您在这里设的限额。您随时可以修改或停用。</translation>
    </message>
    <message>
        <source>Change {name}&apos;s limits</source>
        <translation>修改{name}的限额</translation>
    </message>
    <message>
        <source>Changes apply from the next payment.</source>
        <translation>修改从下一笔付款起生效。</translation>
    </message>
    <message>
        <source>What you chose is filled in. Save changes to use it; it applies from the next payment.</source>
        <translation>已填入您刚才的选择。点“保存修改”后生效，从下一笔付款开始适用。</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>Days, times and the daily limit follow {zone}.</source>
        <translation>以上日子、时段和每日限额都按{zone}计算。</translation>
    </message>
    <message>
        <source>This device is on {zone}.</source>
        <translation>这台设备用的是{zone}。</translation>
    </message>
    <message>
        <source>There is no child with that kinpay name. Check the spelling.</source>
        <translation>没有这个 kinpay 用户名的孩子，请检查拼写。</translation>
    </message>
    <message>
        <source>No answer from kinpay: this change may be saved already. Saving again is safe: it sets the same limits.</source>
        <translation>kinpay 没有回应：这次修改可能已经保存。再保存一次没关系，只会设成同样的限额。</translation>
    </message>
    <message>
        <source>Then try again.</source>
        <translation>然后再试一次。</translation>
    </message>
    <message>
        <source>Pick at least one day for each time.</source>
        <translation>每个时段请至少选一天。</translation>
    </message>
    <message>
        <source>One payment can&apos;t be more than the daily limit ({daily}).</source>
        <translation>单笔不能超过每日限额（{daily}）。</translation>
    </message>
    <message>
        <source>The daily limit can&apos;t be more than the monthly one ({monthly}).</source>
        <translation>每日限额不能超过每月限额（{monthly}）。</translation>
    </message>
</context>
<context>
    <name>Home</name>
    <message>
        <source>Active</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>Up to {amount} a payment</source>
        <translation>单笔最多 {amount}</translation>
    </message>
    <message>
        <source>only {categories}</source>
        <translation>仅限{categories}</translation>
    </message>
    <message>
        <source>no {categories}</source>
        <translation>不含{categories}</translation>
    </message>
    <message>
        <source>until {date}</source>
        <translation>有效期至{date}</translation>
    </message>
    <message>
        <source>offline up to {amount} a payment</source>
        <translation>离线每笔最多 {amount}</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Top up (demo)</source>
        <translation>充值（演示）</translation>
    </message>
    <message>
        <source>Your balance</source>
        <translation>您的余额</translation>
    </message>
    <message>
        <source>Your account has no money yet. The kinpay operator (whoever runs kinpay for you, such as your shop) adds it: ask them to. It shows here as soon as it arrives.</source>
        <translation>您的账户里还没有钱。钱由 kinpay 的运营方（为您开通 kinpay 的人，比如您常去的商店）存入：请联系他们。钱一到账就会显示在这里。</translation>
    </message>
    <message>
        <source>+ Give spending money</source>
        <translation>+ 给零花钱</translation>
    </message>
    <message>
        <source>No spending money given yet. Tap “Give spending money” to start.</source>
        <translation>还没有给过零花钱。点“给零花钱”开始。</translation>
    </message>
    <message>
        <source>Spending money</source>
        <translation>零花钱</translation>
    </message>
    <message>
        <source>Hide the older stopped ones</source>
        <translation>收起较早停用的</translation>
    </message>
    <message numerus="yes">
        <source>Show %n more stopped or ended</source>
        <translation>
            <numerusform>再显示 %n 笔已停用或已到期的</numerusform>
        </translation>
    </message>
    <message>
        <source>{names} may spend up to {allowed} today, more than your balance: a payment above {balance} will be declined.</source>
        <translation>{names}今天最多可以花 {allowed}，超过了您的余额：超过 {balance} 的付款会被拒绝。</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete the last digit</source>
        <translation>删除最后一位</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>LinkWorker</name>
    <message>
        <source>The server&apos;s certificate is not one this till trusts: nothing was sent to it. Ask the manager to check the server&apos;s address and the shop&apos;s CA file (kinpay --ca) or pin (--pin). Sales are taken offline meanwhile.</source>
        <translation>服务器的证书不是这台收银机信任的：什么都没有发给它。请店长检查服务器地址，以及本店的 CA 文件（kinpay --ca）或证书指纹（--pin）。在此期间按离线方式收款。</translation>
    </message>
    <message>
        <source>The server refused this terminal: {reason}</source>
        <translation>服务器拒绝了本收银机：{reason}</translation>
    </message>
    <message>
        <source>The server refused the offline payment of {amount} taken at {time}: {reason} It stays in the queue; the other sales went on.</source>
        <translation>服务器拒收了 {time} 的离线收款 {amount}：{reason}它仍留在队列中；其他交易照常进行。</translation>
    </message>
    <message>
        <source>{count} offline payments are refused in all.</source>
        <translation>共有 {count} 笔离线收款被拒收。</translation>
    </message>
    <message>
        <source>This till can&apos;t save to its disk (full or read-only?): sales may not be kept. Tell the manager.</source>
        <translation>本收银机无法保存到自己的磁盘（可能已满或只读）：交易可能无法保存。请告诉店长。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
    <message>
        <source>No camera.
Scan the code with the barcode scanner, or type it below.</source>
        <translation>不用摄像头。
请用扫码枪扫码，或在下方输入数字码。</translation>
    </message>
    <message>
        <source>Camera: none</source>
        <translation>摄像头：不用</translation>
    </message>
    <message>
        <source>Can&apos;t read QR codes on this machine.
No QR decoder is installed.</source>
        <translation>本机无法识别二维码。
没有安装二维码解码器。</translation>
    </message>
    <message>
        <source>QR readers: {names}; left out: {missing}</source>
        <translation>二维码识别库：{names}；未加载：{missing}</translation>
    </message>
    <message>
        <source>The amount is locked at {total}. Esc changes it.</source>
        <translation>金额已锁定为 {total}。按 Esc 可修改。</translation>
    </message>
    <message>
        <source>Items: tap the products. An amount is typed under Amount.</source>
        <translation>商品：请点选商品。要输入金额，请切换到“输入金额”。</translation>
    </message>
    <message>
        <source>Enter the amount first, then press Charge.</source>
        <translation>请先输入金额，再按“收款”。</translation>
    </message>
    <message>
        <source>Take the rest, or give the allowance&apos;s part back.</source>
        <translation>请收取余款，或退回零花钱支付的部分。</translation>
    </message>
    <message>
        <source>The server refuses this terminal&apos;s key: no sale can go through. Check the terminal id and key in Settings.</source>
        <translation>服务器不接受本收银机的密钥，现在无法收款。请在“设置”中检查终端编号和终端密钥。</translation>
    </message>
    <message>
        <source>Tap the items, then press Charge.</source>
        <translation>点选商品，然后按“收款”。</translation>
    </message>
    <message>
        <source>Type the amount, then press Charge.</source>
        <translation>输入金额，然后按“收款”。</translation>
    </message>
    <message>
        <source>Code ready. Press Charge ⏎ to take {total}.</source>
        <translation>已识别付款码。按“收款 ⏎”收取 {total}。</translation>
    </message>
    <message>
        <source>Press Charge ⏎ to take {total}.</source>
        <translation>按“收款 ⏎”收取 {total}。</translation>
    </message>
    <message>
        <source>Charging {total}: show the code to the camera, or type the numeric code. Esc changes the amount.</source>
        <translation>正在收款 {total}：请顾客把付款码对准摄像头，或输入数字码。按 Esc 可修改金额。</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>回车：{action}。</translation>
    </message>
    <message>
        <source>A pending sale of {amount} made at {time} was approved by the server.</source>
        <translation>{time} 的一笔待确认交易（{amount}）已被服务器批准。</translation>
    </message>
    <message>
        <source>A pending sale of {amount} made at {time} was declined by the server.</source>
        <translation>{time} 的一笔待确认交易（{amount}）被服务器拒绝。</translation>
    </message>
    <message>
        <source>Offline payments stopped: the list of stopped allowances is too old. Waiting for the server.</source>
        <translation>已暂停离线收款：停用名单太旧了。正在等待服务器。</translation>
    </message>
    <message>
        <source>The refund of {amount} that was not confirmed went through.</source>
        <translation>之前未确认的 {amount} 退款已完成。</translation>
    </message>
    <message>
        <source>The refund of {amount} that was not confirmed was refused by the server: nothing was given back.</source>
        <translation>之前未确认的 {amount} 退款被服务器拒绝：没有退回任何款项。</translation>
    </message>
    <message>
        <source>The allowance paid part. Tap Cash or Card once the rest is paid.</source>
        <translation>零花钱已付部分。其余款项收到后，请点“现金”或“银行卡”。</translation>
    </message>
    <message>
        <source>The ✗ items can&apos;t be sold to a child: tap what to do.</source>
        <translation>✗ 商品不能卖给未成年人：请点选如何处理。</translation>
    </message>
    <message>
        <source>Enter takes no money here: tap how the rest was taken.</source>
        <translation>这里按 Enter 不会记录收款：请点选其余款项的收取方式。</translation>
    </message>
    <message>
        <source>Recording the rest…</source>
        <translation>正在记录余款…</translation>
    </message>
    <message>
        <source>A refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Changing the settings</source>
        <translation>修改设置</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>The new manager PIN is in force.</source>
        <translation>新的店长密码已生效。</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>语言将在下次启动时更改。</translation>
    </message>
    <message>
        <source>Charging {total}: scan the code with the barcode scanner, or type the numeric code. Esc changes the amount.</source>
        <translation>正在收款 {total}：请用条码扫描器扫描付款码，或输入数字码。按 Esc 可修改金额。</translation>
    </message>
    <message>
        <source>Not a code this terminal can take: {reason}</source>
        <translation>本收银机无法使用这个码：{reason}</translation>
    </message>
    <message>
        <source>That code was used already: the tablet shows a new one within 30 s, or ask the child to tap New code.</source>
        <translation>这个码已经用过了：平板会在 30 秒内显示新码，或请孩子点“换一个码”。</translation>
    </message>
    <message>
        <source>Press Charge first, then scan or type the code.</source>
        <translation>请先按“收款”，再扫码或输入付款码。</translation>
    </message>
    <message>
        <source>Enter the amount, then press Charge.</source>
        <translation>请输入金额，再按“收款”。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
</context>
<context>
    <name>Manager</name>
    <message>
        <source>Manager PIN</source>
        <translation>店长密码</translation>
    </message>
    <message>
        <source>{purpose} needs the manager’s PIN.</source>
        <translation>{purpose}需要输入店长密码。</translation>
    </message>
    <message>
        <source>Too many wrong tries: wait {seconds} s.</source>
        <translation>错误次数太多：请等 {seconds} 秒。</translation>
    </message>
    <message>
        <source>That is not the manager’s PIN.</source>
        <translation>店长密码不对。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
</context>
<context>
    <name>PairPage</name>
    <message>
        <source>Pair this tablet</source>
        <translation>配对这台平板</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>配对</translation>
    </message>
    <message>
        <source>Use the camera</source>
        <translation>用摄像头扫</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配对码</translation>
    </message>
    <message>
        <source>Hi {name}! </source>
        <translation>{name}，你好！</translation>
    </message>
    <message>
        <source>Hi! </source>
        <translation>你好！</translation>
    </message>
    <message>
        <source>Ask your parent to open kinpay and show you the pairing code. Type it here, or hold the tablet&apos;s camera up to their screen.</source>
        <translation>请爸爸妈妈打开 kinpay，给你看配对码。在这里输入，或者把平板的摄像头对准他们的屏幕。</translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation>正在配对…</translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation>关闭摄像头</translation>
    </message>
</context>
<context>
    <name>Pairing</name>
    <message>
        <source>That code didn&apos;t work. Check it with your parent, or ask for a new one.</source>
        <translation>这个码不对。请和爸爸妈妈核对一下，或者要一个新的。</translation>
    </message>
    <message>
        <source>That code is too old. Ask your parent for a new one.</source>
        <translation>这个码过期了。请爸爸妈妈给你一个新的。</translation>
    </message>
    <message>
        <source>That spending money has ended. Ask your parent about it.</source>
        <translation>这笔零花钱已经到期了。可以问问爸爸妈妈。</translation>
    </message>
    <message>
        <source>That code didn&apos;t work. Check it with your parent.</source>
        <translation>这个码不对。请和爸爸妈妈核对一下。</translation>
    </message>
    <message>
        <source>You can&apos;t add more spending money: you already have as many as kinpay allows. Ask your parent to stop one first.</source>
        <translation>你的零花钱已经到了 kinpay 允许的数量，不能再添加。请爸爸妈妈先停用一笔。</translation>
    </message>
    <message>
        <source>Please sign in again, then pair.</source>
        <translation>请重新登录，再配对。</translation>
    </message>
    <message>
        <source>Then try again, or ask your parent.</source>
        <translation>然后再试一次，或者问问家长。</translation>
    </message>
    <message>
        <source>kinpay&apos;s answer didn&apos;t make sense to this tablet. Try again, or ask your parent.</source>
        <translation>这台平板看不懂 kinpay 的回复。请再试一次，或者问问爸爸妈妈。</translation>
    </message>
    <message>
        <source>Something went wrong. Try again, or ask your parent.</source>
        <translation>出了点问题。请再试一次，或者问问爸爸妈妈。</translation>
    </message>
    <message>
        <source>Type the pairing code from your parent&apos;s screen.</source>
        <translation>请输入爸爸妈妈屏幕上的配对码。</translation>
    </message>
    <message>
        <source>A pairing code has no {letters}. Check the code again.</source>
        <translation>配对码里没有 {letters}。请再核对一下。</translation>
    </message>
    <message>
        <source>A pairing code has {length} letters and numbers; this has {count}.</source>
        <translation>配对码有 {length} 个字母和数字；这里有 {count} 个。</translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Pair {name}&apos;s tablet</source>
        <translation>配对{name}的平板</translation>
    </message>
    <message>
        <source>On {name}&apos;s tablet, sign in as {account} and choose “Use the camera”, then hold it up to this code. Or type the code below.</source>
        <translation>在{name}的平板上以 {account} 登录，选择“用摄像头扫”，然后对准这个码。也可以输入下面的配对码。</translation>
    </message>
    <message>
        <source>Works once, until {time}.</source>
        <translation>只能用一次，有效期至 {time}。</translation>
    </message>
    <message>
        <source>That code has expired. Press Done, then “Pairing code” for a new one.</source>
        <translation>这个配对码已过期。请按“完成”，再点“配对码”获取新的。</translation>
    </message>
</context>
<context>
    <name>PayerShell</name>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>{name}&apos;s spending money</source>
        <translation>{name}的零花钱</translation>
    </message>
    <message>
        <source>your change is saved.</source>
        <translation>您的修改已保存。</translation>
    </message>
    <message>
        <source>Your change to {name}&apos;s spending money was not saved: {reason} Change it again.</source>
        <translation>您对{name}零花钱的修改没有保存：{reason} 请再改一次。</translation>
    </message>
    <message>
        <source>Your child</source>
        <translation>您的孩子</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation>{name}的平板已配对</translation>
    </message>
    <message>
        <source>it can pay from now on.</source>
        <translation>从现在起可以付款了。</translation>
    </message>
    <message>
        <source>No pairing code: {reason}</source>
        <translation>无法获取配对码：{reason}</translation>
    </message>
    <message>
        <source>No answer from kinpay: the spending money may be stopped already. Stopping it again is safe; the home shows it once kinpay answers.</source>
        <translation>kinpay 没有回应：这笔零花钱可能已经停用了。再停用一次没关系；kinpay 回应后，首页会显示结果。</translation>
    </message>
    <message>
        <source>Couldn&apos;t stop it: {reason}</source>
        <translation>停用失败：{reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t turn the typed code back on: {reason}</source>
        <translation>无法重新开启数字码：{reason}</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Starting the camera…</source>
        <translation>正在打开摄像头…</translation>
    </message>
</context>
<context>
    <name>PurchaseRow</name>
    <message>
        <source>A shop</source>
        <translation>一家商户</translation>
    </message>
    <message>
        <source>{when} · Not paid: {reason}</source>
        <translation>{when} · 没付成：{reason}</translation>
    </message>
    <message>
        <source>your parent</source>
        <translation>爸爸妈妈</translation>
    </message>
    <message>
        <source>The shop let you have it while it was offline, but your spending money didn&apos;t pay for it. Tell {parent}.</source>
        <translation>店里断网时先让你拿走了，但零花钱没有付这笔钱。告诉{parent}。</translation>
    </message>
    <message>
        <source>{when} · {amount} given back</source>
        <translation>{when} · 退回了 {amount}</translation>
    </message>
    <message>
        <source>{parent} said yes to this one</source>
        <translation>这一笔是{parent}同意的</translation>
    </message>
    <message>
        <source>{amount} not paid</source>
        <translation>{amount} 没付成</translation>
    </message>
</context>
<context>
    <name>Purchases</name>
    <message>
        <source>the shop couldn&apos;t read your code</source>
        <translation>店里没能读到你的付款码</translation>
    </message>
    <message>
        <source>the code was too old</source>
        <translation>付款码过期了</translation>
    </message>
    <message>
        <source>that code was already used</source>
        <translation>这个付款码已经用过了</translation>
    </message>
    <message>
        <source>your spending money was stopped</source>
        <translation>你的零花钱被停用了</translation>
    </message>
    <message>
        <source>your spending money had ended</source>
        <translation>你的零花钱已经到期了</translation>
    </message>
    <message>
        <source>more than allowed for one payment</source>
        <translation>超过了一次能花的钱</translation>
    </message>
    <message>
        <source>more than is left for today</source>
        <translation>超过了今天剩下的钱</translation>
    </message>
    <message>
        <source>more than is left this month</source>
        <translation>超过了这个月剩下的钱</translation>
    </message>
    <message>
        <source>your parent&apos;s balance was too low</source>
        <translation>家长的余额不够</translation>
    </message>
    <message>
        <source>that kind of thing isn&apos;t allowed</source>
        <translation>这类东西不能买</translation>
    </message>
    <message>
        <source>not allowed at this time</source>
        <translation>这个时间不能花钱</translation>
    </message>
    <message>
        <source>in another currency</source>
        <translation>币种不对</translation>
    </message>
    <message>
        <source>more than the shop can take offline</source>
        <translation>超过了店里离线时能收的钱</translation>
    </message>
    <message>
        <source>the shop&apos;s till said no</source>
        <translation>店里的收银机没有收款</translation>
    </message>
    <message>
        <source>Your allowance paid for: {items}</source>
        <translation>零花钱买了：{items}</translation>
    </message>
    <message>
        <source>Not paid by your allowance: {items}</source>
        <translation>零花钱没有付的：{items}</translation>
    </message>
    <message>
        <source>Paid another way: {items}</source>
        <translation>用其他方式付的：{items}</translation>
    </message>
    <message>
        <source>({amount})</source>
        <translation>（{amount}）</translation>
    </message>
    <message>
        <source>{rest} of {total} was not on your allowance</source>
        <translation>{total} 里有 {rest} 不是零花钱付的</translation>
    </message>
    <message>
        <source>{rest} of {total} was paid another way</source>
        <translation>{total} 里有 {rest} 是用别的方式付的</translation>
    </message>
    <message>
        <source>A shop</source>
        <translation>一家商户</translation>
    </message>
</context>
<context>
    <name>PurchasesPage</name>
    <message>
        <source>← Back to my code</source>
        <translation>← 回到我的付款码</translation>
    </message>
    <message>
        <source>Nothing bought yet. Your purchases will show up here.</source>
        <translation>还没有买过东西。你买的东西会显示在这里。</translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation>我买过的东西</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>REFUNDED</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>APPROVED</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>DECLINED</source>
        <translation>交易被拒</translation>
    </message>
    <message>
        <source>APPROVED OFFLINE</source>
        <translation>离线收款成功</translation>
    </message>
    <message>
        <source>NOT CONFIRMED</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>DECLINED (OFFLINE)</source>
        <translation>交易被拒（离线）</translation>
    </message>
    <message>
        <source>Accepted offline; sent to the server when it answers.</source>
        <translation>已离线收款；服务器恢复后自动上传。</translation>
    </message>
    <message>
        <source>Accepted offline, settled by the server.</source>
        <translation>离线收款，已由服务器结算。</translation>
    </message>
    <message>
        <source>No answer from the server yet; the sale is sent again with the same key, never charged twice.</source>
        <translation>服务器尚未回复；本交易会以同一编号重发，绝不会重复扣款。</translation>
    </message>
    <message>
        <source>{quantity} × {name}</source>
        <translation>{quantity} × {name}</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>For {delegate}, paid by {payer}</source>
        <translation>消费人：{delegate}，付款人：{payer}</translation>
    </message>
    <message>
        <source>kinpay shop</source>
        <translation>kinpay 商户</translation>
    </message>
    <message>
        <source>{when}   Terminal {terminal}</source>
        <translation>{when}   终端 {terminal}</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Thank you · kinpay</source>
        <translation>谢谢惠顾 · kinpay</translation>
    </message>
    <message>
        <source>Receipt {payment}</source>
        <translation>小票 {payment}</translation>
    </message>
</context>
<context>
    <name>Refund</name>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Choose the payment, then refund all of it or type a part.</source>
        <translation>选择一笔付款，然后全额退款，或输入部分金额。</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>退款金额</translation>
    </message>
    <message>
        <source>Give back in cash or to the card</source>
        <translation>现金或银行卡退还</translation>
    </message>
    <message>
        <source>Refund all</source>
        <translation>全额退款</translation>
    </message>
    <message>
        <source>Refund this amount</source>
        <translation>按此金额退款</translation>
    </message>
    <message>
        <source>Yes, refund</source>
        <translation>确认退款</translation>
    </message>
    <message>
        <source>No</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Up to {amount} can be refunded.</source>
        <translation>最多可退 {amount}。</translation>
    </message>
    <message>
        <source>To the allowance: up to {code}. In cash or to the card: up to {other}.</source>
        <translation>退回零花钱：最多 {code}。现金或退回银行卡：最多 {other}。</translation>
    </message>
    <message>
        <source>Choose a payment first.</source>
        <translation>请先选择一笔付款。</translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation>这个金额无法使用：请按 12.50 这样的格式输入。</translation>
    </message>
    <message>
        <source>Refund between {low} and {high}.</source>
        <translation>退款金额须在 {low} 到 {high} 之间。</translation>
    </message>
    <message>
        <source>Refund {amount} of {name}&apos;s {total} payment to {payer}&apos;s account? It can&apos;t be undone.</source>
        <translation>要把{name}的 {total} 付款中的 {amount} 退回{payer}的账户吗？退款后无法撤销。</translation>
    </message>
    <message>
        <source>Refund {amount} of the {total} payment to the customer? It can&apos;t be undone.</source>
        <translation>要把 {total} 付款中的 {amount} 退给顾客吗？退款后无法撤销。</translation>
    </message>
    <message>
        <source>Each part gives back at most what it paid: {code} to the allowance, {other} in cash or to the card.</source>
        <translation>每种支付方式最多退回它支付的金额：零花钱 {code}，现金或银行卡 {other}。</translation>
    </message>
    <message>
        <source>Refund: {text}? It can&apos;t be undone.</source>
        <translation>退款：{text}？退款后无法撤销。</translation>
    </message>
    <message>
        <source>Sending the unanswered refund of {amount} again…</source>
        <translation>正在重发未获回复的 {amount} 退款…</translation>
    </message>
    <message>
        <source>The refund went through.</source>
        <translation>退款已完成。</translation>
    </message>
    <message>
        <source>The refund is not confirmed: no answer from the server (the till is offline or the link is down).</source>
        <translation>退款尚未确认：服务器没有回应（收银机已离线或连接中断）。</translation>
    </message>
    <message>
        <source>The refund is not confirmed: the server could not answer.</source>
        <translation>退款尚未确认：服务器暂时无法回应。</translation>
    </message>
    <message>
        <source>The till sends it again by itself, with the same key, when the link is back, so it is never paid twice; Today and End of day show it as not confirmed until then.</source>
        <translation>连接恢复后，收银机会自动以同一编号重发，绝不会重复退款；在此之前，“今日交易”和“日结”会将其显示为未确认。</translation>
    </message>
    <message>
        <source>{amount} of it was refunded already.</source>
        <translation>这笔付款已经退过 {amount}。</translation>
    </message>
    <message>
        <source>Refunded {amount} to {payer}&apos;s account; the allowance is restored.</source>
        <translation>已退款 {amount}，退回{payer}的账户；零花钱额度已恢复。</translation>
    </message>
    <message>
        <source>Refunded {amount} to the parent&apos;s account; the allowance is restored.</source>
        <translation>已退款 {amount}，退回家长的账户；零花钱额度已恢复。</translation>
    </message>
    <message>
        <source>Nothing to hand back in cash.</source>
        <translation>无需退还现金。</translation>
    </message>
    <message>
        <source>Give back {amount} to the card.</source>
        <translation>请退回银行卡 {amount}。</translation>
    </message>
    <message>
        <source>Give back {amount} in cash.</source>
        <translation>请退还现金 {amount}。</translation>
    </message>
    <message>
        <source>{amount} back to the allowance</source>
        <translation>{amount} 退回零花钱</translation>
    </message>
    <message>
        <source>give back {amount} to the card</source>
        <translation>{amount} 退回银行卡</translation>
    </message>
    <message>
        <source>give back {amount} in cash</source>
        <translation>退还现金 {amount}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Sending the refund…</source>
        <translation>正在提交退款…</translation>
    </message>
    <message>
        <source>No payment of the last {days} days can be refunded.</source>
        <translation>最近 {days} 天内没有可退款的交易。</translation>
    </message>
    <message>
        <source>The server refused the refund: {reason}</source>
        <translation>服务器拒绝了退款：{reason}</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Approved</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Declined by the server</source>
        <translation>被服务器拒绝</translation>
    </message>
    <message>
        <source>Accepted offline, not yet sent</source>
        <translation>离线收款，尚未上传</translation>
    </message>
    <message>
        <source>Accepted offline, then declined: not paid</source>
        <translation>离线收款后被拒：未收到钱</translation>
    </message>
    <message>
        <source>Not confirmed (retrying)</source>
        <translation>待确认（重试中）</translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation>离线被拒</translation>
    </message>
    <message>
        <source>Refunds (allowance −{code} + cash or card −{other})</source>
        <translation>退款（零花钱 −{code} + 现金或银行卡 −{other}）</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Refunds not confirmed (retrying)</source>
        <translation>未确认的退款（重试中）</translation>
    </message>
    <message>
        <source>Tender: kinpay code (allowance)</source>
        <translation>支付方式：kinpay 付款码（零花钱）</translation>
    </message>
    <message>
        <source>Tender: cash</source>
        <translation>支付方式：现金</translation>
    </message>
    <message>
        <source>Tender: card</source>
        <translation>支付方式：银行卡</translation>
    </message>
    <message>
        <source>Still due on partial sales (not taken)</source>
        <translation>部分支付交易的未收余款</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + cash or card {other})</source>
        <translation>{total}（零花钱 {code} + 现金或银行卡 {other}）</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Approved (asked {payer})</source>
        <translation>支付成功（已询问{payer}）</translation>
    </message>
    <message>
        <source>Approved (asked the parent)</source>
        <translation>支付成功（已询问家长）</translation>
    </message>
    <message>
        <source>allowance {amount}</source>
        <translation>零花钱 {amount}</translation>
    </message>
    <message>
        <source>cash {amount}</source>
        <translation>现金 {amount}</translation>
    </message>
    <message>
        <source>card {amount}</source>
        <translation>银行卡 {amount}</translation>
    </message>
    <message>
        <source>still due {amount}</source>
        <translation>未收 {amount}</translation>
    </message>
    <message>
        <source>refunded {amount}</source>
        <translation>已退款 {amount}</translation>
    </message>
    <message>
        <source>{amount} · not confirmed (retrying)</source>
        <translation>{amount} · 未确认（重试中）</translation>
    </message>
    <message>
        <source>End of day {day}</source>
        <translation>日结 {day}</translation>
    </message>
    <message>
        <source>{merchant} — end of day {day}</source>
        <translation>{merchant} — 日结 {day}</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>交易明细</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Net takings (approved − refunds)</source>
        <translation>净收入（成功 − 退款）</translation>
    </message>
    <message>
        <source>This till only: the shop&apos;s other tills are not in this report.</source>
        <translation>仅本收银机：本店其他收银机的交易不在此报表中。</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + card {other})</source>
        <translation>{total}（零花钱 {code} + 银行卡 {other}）</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + cash {other})</source>
        <translation>{total}（零花钱 {code} + 现金 {other}）</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>孩子</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>交易编号</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>退回金额</translation>
    </message>
</context>
<context>
    <name>Restart</name>
    <message>
        <source>{amount} at {time}: accepted offline and queued, to be sent when the server answers. Don&apos;t charge again.</source>
        <translation>{amount}（{time}）：已离线收款并排队，服务器恢复后发送。不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: approved. Don&apos;t charge again.</source>
        <translation>{amount}（{time}）：付款成功。不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: no answer from the server yet. The till asks again under the same key, never charging twice. Don&apos;t charge again until it shows approved or declined.</source>
        <translation>{amount}（{time}）：服务器还没有回应。收银机会用同一个编号再问，绝不会收两次。在显示成功或拒绝之前，不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not charged. {reason} Take the payment again.</source>
        <translation>{amount}（{time}）：没有收款。{reason}请重新收款。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not charged. {reason} The same payment would be declined again: ask for another way to pay.</source>
        <translation>{amount}（{time}）：没有收款。{reason}同样的付款还会被拒绝：请顾客换一种方式付款。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not sent before the till stopped, so nothing was charged. Take the payment again.</source>
        <translation>{amount}（{time}）：收银机停止前没有送出，所以没有收款。请重新收款。</translation>
    </message>
    <message>
        <source>Cancelling the question to {payer} on the server…</source>
        <translation>正在取消询问{payer}…</translation>
    </message>
    <message>
        <source>The question to {payer} was cancelled when the till restarted: nothing was charged for it.</source>
        <translation>收银机重新启动时，已取消询问{payer}：这笔没有收款。</translation>
    </message>
    <message>
        <source>{payer} allowed it before the till stopped, and it was paid.</source>
        <translation>收银机停止前{payer}已同意，这笔已经付款。</translation>
    </message>
    <message>
        <source>The till couldn&apos;t reach the server to cancel the question to {payer}: a yes to it is never charged, and it ends by itself.</source>
        <translation>收银机连不上服务器，无法取消询问{payer}：就算同意也不会收款，询问会自动结束。</translation>
    </message>
    <message>
        <source>Before the till restarted</source>
        <translation>收银机重新启动前的交易</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>回车：{action}。</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Change the sale</source>
        <translation>修改这笔消费</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>再次查询</translation>
    </message>
    <message>
        <source>New sale</source>
        <translation>新交易</translation>
    </message>
    <message>
        <source>Keep pending</source>
        <translation>稍后处理</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>询问</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Approved offline</source>
        <translation>离线收款成功</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>交易被拒</translation>
    </message>
    <message>
        <source>Declined (offline)</source>
        <translation>交易被拒（离线）</translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation>尚未确认</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>Declined by the server</source>
        <translation>服务器拒绝了</translation>
    </message>
    <message>
        <source>Waiting for the server’s answer.</source>
        <translation>正在等待服务器回复。</translation>
    </message>
    <message>
        <source>{delegate}  ·  paid by {payer}</source>
        <translation>{delegate}  ·  付款人 {payer}</translation>
    </message>
    <message>
        <source>Left today for {name}: {amount}</source>
        <translation>{name}今日还可用：{amount}</translation>
    </message>
    <message>
        <source>Left today: {amount}</source>
        <translation>今日还可用：{amount}</translation>
    </message>
    <message>
        <source>  (answer repeated)</source>
        <translation>  （重复回复）</translation>
    </message>
    <message>
        <source>Checked by this terminal and queued; it is sent to the server when it answers again.</source>
        <translation>已由本收银机核验并排队；服务器恢复后自动上传。</translation>
    </message>
    <message>
        <source>Offline a sale is taken whole: splitting it or paying part needs the server.</source>
        <translation>离线时只能整笔收款：拆分付款或部分付款需要连上服务器。</translation>
    </message>
    <message>
        <source>No answer yet: it may be approved or declined. Asked again with the same key, never charged twice. Don&apos;t charge again; hand the goods over only once Approved.</source>
        <translation>尚无回复：可能已支付成功，也可能被拒绝。会以同一编号再次查询，绝不会重复扣款。请不要再次收款；显示“支付成功”后才能交付商品。</translation>
    </message>
    <message>
        <source>{refusal} Nothing was charged.</source>
        <translation>{refusal} 未扣款。</translation>
    </message>
    <message>
        <source>{amount} by the allowance</source>
        <translation>零花钱 {amount}</translation>
    </message>
    <message>
        <source>{amount} in cash</source>
        <translation>现金 {amount}</translation>
    </message>
    <message>
        <source>{amount} by card</source>
        <translation>银行卡 {amount}</translation>
    </message>
</context>
<context>
    <name>Sales</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>孩子</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>交易编号</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>支付成功</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>交易被拒</translation>
    </message>
    <message>
        <source>Offline · queued</source>
        <translation>离线 · 待上传</translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation>离线被拒</translation>
    </message>
    <message>
        <source>Not paid: ask the family</source>
        <translation>未收到款：请这家人补付</translation>
    </message>
    <message>
        <source>Approved (taken offline)</source>
        <translation>支付成功（离线收款）</translation>
    </message>
    <message>
        <source>Approved (asked {payer})</source>
        <translation>支付成功（已询问{payer}）</translation>
    </message>
    <message>
        <source>Approved (asked the parent)</source>
        <translation>支付成功（已询问家长）</translation>
    </message>
    <message>
        <source>{amount} not confirmed (retrying)</source>
        <translation>{amount} 未确认（重试中）</translation>
    </message>
    <message>
        <source>{amount} (all)</source>
        <translation>{amount}（全额）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>+{count} more</source>
        <translation>另有{count}样</translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Today’s sales</source>
        <translation>今日交易</translation>
    </message>
    <message>
        <source>{sales} · {approved} · net {amount}</source>
        <translation>{sales} · {approved} · 净收 {amount}</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Not paid: {payments}, {amount} in all, declined by the server after the goods were handed over. Collect it from the family.</source>
        <translation>未收到钱：{payments}，共 {amount}，交货后被服务器拒绝。请向这家人收取。</translation>
    </message>
    <message>
        <source>{summary} · {amount} offline, not yet confirmed</source>
        <translation>{summary} · 离线 {amount}，尚未确认</translation>
    </message>
    <message>
        <source>{summary} · refunds −{amount} not confirmed (retrying)</source>
        <translation>{summary} · 退款 −{amount} 未确认（重试中）</translation>
    </message>
    <message>
        <source>Refunds not confirmed: {count}, {amount} in all. The till sends them again by itself, with the same key, when the link is back; they are not in the net until the server answers.</source>
        <translation>未确认的退款：{count} 笔，共 {amount}。连接恢复后，收银机会自动以同一编号重发；在服务器回应之前，它们不计入净收入。</translation>
    </message>
    <message>
        <source>kinpay code {code} · cash {cash} · card {card} · refunds −{refunds}</source>
        <translation>kinpay 付款码 {code} · 现金 {cash} · 银行卡 {card} · 退款 −{refunds}</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已保存：{path}</translation>
    </message>
    <message>
        <source>End of day · this till · {day}</source>
        <translation>日结 · 本收银机 · {day}</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>笔数</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Not sent yet: {payments}, {amount} in all.</source>
        <translation>还有{payments}（共 {amount}）等待上传。</translation>
    </message>
    <message>
        <source>Every offline payment has been sent to the server.</source>
        <translation>所有离线付款都已上传到服务器。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Print (PDF)</source>
        <translation>打印（PDF）</translation>
    </message>
    <message>
        <source>The day before</source>
        <translation>前一天</translation>
    </message>
    <message>
        <source>The day after</source>
        <translation>后一天</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Simulated tablet (demo)</source>
        <translation>模拟平板（演示）</translation>
    </message>
    <message>
        <source>No camera (a barcode scanner, or typed codes)</source>
        <translation>不用摄像头（扫码枪或输入数字码）</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不修改</translation>
    </message>
    <message>
        <source>not set: anyone may refund and change settings</source>
        <translation>未设置：任何人都可以退款和修改设置</translation>
    </message>
    <message>
        <source>type the new PIN again</source>
        <translation>再输入一次新密码</translation>
    </message>
    <message>
        <source>Beep on a good read, buzz on a refused one</source>
        <translation>扫码成功时“嘀”一声，被拒时“嗡”一声</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>That file holds no certificate the till can use, so it can&apos;t reach an https:// server. Put the shop&apos;s CA file there again, or use the system&apos;s store.</source>
        <translation>该文件里没有收银机能用的证书，所以连不上 https:// 服务器。请把本店的 CA 文件重新放到那里，或改用系统的证书库。</translation>
    </message>
    <message>
        <source>That file is not there now, so the till can&apos;t reach an https:// server. Put it back, or use the system&apos;s store.</source>
        <translation>该文件现在不在了，所以收银机连不上 https:// 服务器。请把它放回去，或改用系统的证书库。</translation>
    </message>
    <message>
        <source>That file can&apos;t be read now, so the till can&apos;t reach an https:// server. Let the till read it, or use the system&apos;s store.</source>
        <translation>该文件现在读不了，所以收银机连不上 https:// 服务器。请让收银机能读取它，或改用系统的证书库。</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store</source>
        <translation>系统的证书库</translation>
    </message>
    <message>
        <source>the shop&apos;s own certificate authority, {path}</source>
        <translation>本店自己的证书颁发机构（CA），{path}</translation>
    </message>
    <message>
        <source>Use the system&apos;s store</source>
        <translation>改用系统的证书库</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store, once saved: a new server address does not keep the old one&apos;s certificates</source>
        <translation>保存后：系统的证书库（新的服务器地址不沿用旧地址的证书）</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store, once saved</source>
        <translation>保存后：系统的证书库</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Terminal id</source>
        <translation>终端编号</translation>
    </message>
    <message>
        <source>Terminal key</source>
        <translation>终端密钥</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Check a sale above ({currency})</source>
        <translation>核对超过此金额的消费（{currency}）</translation>
    </message>
    <message>
        <source>Offline floor limit ({currency})</source>
        <translation>离线单笔上限（{currency}）</translation>
    </message>
    <message>
        <source>Offline payments per allowance</source>
        <translation>每份零花钱的离线笔数</translation>
    </message>
    <message>
        <source>Offline sum per allowance ({currency})</source>
        <translation>每份零花钱的离线总额（{currency}）</translation>
    </message>
    <message>
        <source>Offline only with a list younger than</source>
        <translation>停用名单须在此时间内更新</translation>
    </message>
    <message>
        <source>Manager PIN (new)</source>
        <translation>店长密码（新）</translation>
    </message>
    <message>
        <source>Manager PIN (again)</source>
        <translation>店长密码（再输一次）</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>Language (applies at the next start)</source>
        <translation>语言（下次启动时生效）</translation>
    </message>
    <message>
        <source>The two PINs typed are not the same, so the PIN is unchanged and nothing was saved. Type the new PIN in both fields again.</source>
        <translation>两次输入的密码不一致，密码没有改，什么都没有保存。请在两栏里重新输入新密码。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Trusts</source>
        <translation>信任</translation>
    </message>
    <message>
        <source>Offline, the terminal accepts a payment only below the floor limit, the allowance’s own offline cap, and these per-allowance caps, and only while its list of stopped allowances is younger than the age above.</source>
        <translation>离线时，收银机只接受低于离线单笔上限、零花钱本身的离线额度以及以上每份零花钱上限的付款，并且停用名单必须在上面设定的时间内更新过。</translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation>这个金额无法使用：请按 12.50 这样的格式输入。</translation>
    </message>
    <message>
        <source>{trust};
{pinned}</source>
        <translation>{trust}；
{pinned}</translation>
    </message>
    <message>
        <source>That PIN can&apos;t be used: a manager PIN is {low} to {high} digits.</source>
        <translation>这个密码无法使用：店长密码须为 {low} 到 {high} 位数字。</translation>
    </message>
    <message>
        <source>The server address starts with http:// or https://</source>
        <translation>服务器地址须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, like http://192.168.1.5:8700</source>
        <translation>请输入服务器地址，例如 http://192.168.1.5:8700</translation>
    </message>
    <message>
        <source>That address is too long</source>
        <translation>地址太长了</translation>
    </message>
    <message>
        <source>The address starts with http:// or https://</source>
        <translation>地址须以 http:// 或 https:// 开头</translation>
    </message>
    <message>
        <source>The address needs a host name or IP address</source>
        <translation>地址需要包含主机名或 IP 地址</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535</source>
        <translation>端口须为 1 到 65535 之间的数字</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Where your family&apos;s kinpay server runs. Ask whoever set it up.</source>
        <translation>您家 kinpay 服务器的地址。不清楚的话，请问负责安装的人。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>← Back to sign in</source>
        <translation>← 返回登录</translation>
    </message>
    <message>
        <source>Signed in as {name} (parent)</source>
        <translation>已登录：{name}（家长）</translation>
    </message>
    <message>
        <source>Signed in as {name} (child)</source>
        <translation>已登录：{name}（孩子）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>A new language applies when the app starts again.</source>
        <translation>新语言将在应用重新启动后生效。</translation>
    </message>
    <message>
        <source>Saved. New connections use this address.</source>
        <translation>已保存。之后的连接将使用这个地址。</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Or the server&apos;s address in Settings is wrong: check it there.</source>
        <translation>也可能是“设置”里的服务器地址不对：请到那里检查。</translation>
    </message>
    <message>
        <source>Something answers at that address, but not a kinpay server. Check it in Settings.</source>
        <translation>这个地址有回应，但不是 kinpay 服务器。请在“设置”中检查。</translation>
    </message>
    <message>
        <source>Signing in did not work. Try again.</source>
        <translation>登录失败，请重试。</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Spending money for your family, safely.</source>
        <translation>安心地给家人零花钱。</translation>
    </message>
    <message>
        <source>I&apos;m the parent</source>
        <translation>我是家长</translation>
    </message>
    <message>
        <source>I&apos;m the child</source>
        <translation>我是孩子</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation>注册账户</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>服务器：{url}</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>A new password needs at least 8 characters.</source>
        <translation>新密码至少需要 8 个字符。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>SpendBar</name>
    <message>
        <source>{used} of {limit}</source>
        <translation>已用 {used} / 共 {limit}</translation>
    </message>
    <message>
        <source>{spent}  ·  {left} left</source>
        <translation>{spent}  ·  剩余 {left}</translation>
    </message>
</context>
<context>
    <name>SplitCard</name>
    <message>
        <source>The allowance can&apos;t pay for the items marked ✗.</source>
        <translation>标 ✗ 的商品不能用零花钱支付。</translation>
    </message>
    <message>
        <source>That was all that is left of today&apos;s allowance.</source>
        <translation>这是今天零花钱剩下的全部额度。</translation>
    </message>
    <message>
        <source>That was all that is left of this month&apos;s allowance.</source>
        <translation>这是本月零花钱剩下的全部额度。</translation>
    </message>
    <message>
        <source>Paid in cash</source>
        <translation>现金支付</translation>
    </message>
    <message>
        <source>Paid by card</source>
        <translation>银行卡支付</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>待付余款</translation>
    </message>
    <message>
        <source>Paid by allowance (kinpay)</source>
        <translation>零花钱支付（kinpay）</translation>
    </message>
    <message>
        <source>Rest, not owed (given back)</source>
        <translation>余款（已退回，无需再付）</translation>
    </message>
    <message>
        <source>Refunded to the allowance</source>
        <translation>已退回零花钱</translation>
    </message>
    <message>
        <source>Given back in cash or to the card</source>
        <translation>已以现金或银行卡退还</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Remove ✗ items</source>
        <translation>去掉 ✗ 商品</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Split the basket</source>
        <translation>拆分购物篮</translation>
    </message>
    <message>
        <source>Part approved</source>
        <translation>部分已支付</translation>
    </message>
    <message>
        <source>Allowance paid {paid} of {total}</source>
        <translation>零花钱已付 {paid}（共 {total}）</translation>
    </message>
    <message>
        <source>Take {due} another way</source>
        <translation>余款 {due} 请用其他方式收取</translation>
    </message>
    <message>
        <source>{items}: not for sale to a child, not even for cash or by card.</source>
        <translation>{items}：不能卖给未成年人，现金或刷卡也不行。</translation>
    </message>
    <message>
        <source>Remove the ✗ items</source>
        <translation>请移除 ✗ 商品</translation>
    </message>
    <message>
        <source>Give the allowance&apos;s part back, then ring up the sale again without them</source>
        <translation>请退回零花钱已付的部分，再不含这些商品重新结账</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>● Connecting…</source>
        <translation>● 正在连接…</translation>
    </message>
    <message>
        <source>● Key refused</source>
        <translation>● 密钥被拒</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message>
        <source>Offline queue: {count}</source>
        <translation>离线待上传：{count}</translation>
    </message>
    <message>
        <source>Not confirmed: {count}</source>
        <translation>待确认：{count}</translation>
    </message>
</context>
<context>
    <name>Till</name>
    <message>
        <source>Today</source>
        <translation>今日交易</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>End of day</source>
        <translation>日结</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>kinpay — {merchant} till</source>
        <translation>kinpay — {merchant} 收银台</translation>
    </message>
    <message>
        <source>kinpay — till</source>
        <translation>kinpay — 收银台</translation>
    </message>
    <message>
        <source>kinpay terminal</source>
        <translation>kinpay 收银机</translation>
    </message>
    <message>
        <source>After Charge: type the code, Enter</source>
        <translation>按“收款”后输入代码，再按回车</translation>
    </message>
    <message>
        <source>Type the code, Enter</source>
        <translation>输入代码，再按回车</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>输入金额</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Charge  ⏎</source>
        <translation>收款  ⏎</translation>
    </message>
</context>
<context>
    <name>TopUp</name>
    <message>
        <source>A demo top-up is at most {amount}.</source>
        <translation>演示充值最多 {amount}。</translation>
    </message>
    <message>
        <source>This server doesn&apos;t offer demo money.</source>
        <translation>这台服务器不提供演示资金。</translation>
    </message>
    <message>
        <source>Top-up failed: {reason}</source>
        <translation>充值失败：{reason}</translation>
    </message>
    <message>
        <source>Top-up failed: can&apos;t reach the kinpay server.</source>
        <translation>充值失败：连不上 kinpay 服务器。</translation>
    </message>
    <message>
        <source>Top-up failed. Try again.</source>
        <translation>充值失败，请重试。</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Top up (demo)</source>
        <translation>充值（演示）</translation>
    </message>
    <message>
        <source>Demo money: nothing is charged anywhere.</source>
        <translation>演示资金：不会产生任何真实扣款。</translation>
    </message>
    <message>
        <source>Amount ({currency})</source>
        <translation>金额（{currency}）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter an amount above zero, like {example}.</source>
        <translation>请输入大于零的金额，例如 {example}。</translation>
    </message>
</context>
<context>
    <name>TrustCard</name>
    <message>
        <source>Trusted certificates</source>
        <translation>信任的证书</translation>
    </message>
    <message>
        <source>Use the system&apos;s store</source>
        <translation>改用系统的证书库</translation>
    </message>
    <message>
        <source>Your server&apos;s own certificate authority: {path}</source>
        <translation>您的服务器自己的证书颁发机构（CA）：{path}</translation>
    </message>
    <message>
        <source>Pinned certificates: {n}</source>
        <translation>固定的证书：{n} 个</translation>
    </message>
    <message>
        <source>That file is not there now, so the wallet can&apos;t reach an https:// server. Put it back, or use the system&apos;s store.</source>
        <translation>该文件现在不在了，所以钱包连不上 https:// 服务器。请把它放回去，或改用系统的证书库。</translation>
    </message>
    <message>
        <source>That file holds no certificate the wallet can use, so it can&apos;t reach an https:// server. Put your server&apos;s CA file there again, or use the system&apos;s store.</source>
        <translation>该文件里没有钱包能用的证书，所以连不上 https:// 服务器。请把您服务器的 CA 文件重新放到那里，或改用系统的证书库。</translation>
    </message>
    <message>
        <source>That file can&apos;t be read now, so the wallet can&apos;t reach an https:// server. Let the wallet read it, or use the system&apos;s store.</source>
        <translation>该文件现在读不了，所以钱包连不上 https:// 服务器。请让钱包能读取它，或改用系统的证书库。</translation>
    </message>
</context>
<context>
    <name>TrustCounts</name>
    <message numerus="yes">
        <source>pinned: %n certificate(s)</source>
        <translation>
            <numerusform>已固定证书：%n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>only the pinned certificate(s): %n</source>
        <translation>
            <numerusform>只认固定的证书：%n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WalletWindow</name>
    <message>
        <source>kinpay wallet</source>
        <translation>kinpay 钱包</translation>
    </message>
    <message>
        <source>This is a child&apos;s account. Choose “I&apos;m the child” above.</source>
        <translation>这是孩子的账户。请在上方选择“我是孩子”。</translation>
    </message>
    <message>
        <source>This is a parent&apos;s account. Choose “I&apos;m the parent” above.</source>
        <translation>这是家长的账户。请在上方选择“我是家长”。</translation>
    </message>
    <message>
        <source>kinpay — {name} (parent)</source>
        <translation>kinpay — {name}（家长）</translation>
    </message>
    <message>
        <source>kinpay — {name}&apos;s tablet</source>
        <translation>kinpay — {name}的平板</translation>
    </message>
    <message>
        <source>kinpay — tablet</source>
        <translation>kinpay — 平板</translation>
    </message>
</context>
<context>
    <name>WindowRow</name>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
</context>
<context>
    <name>WindowsEditor</name>
    <message>
        <source>+ Add a time</source>
        <translation>+ 添加时段</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>This is not a valid kinpay code.</source>
        <translation>这不是有效的 kinpay 付款码。</translation>
    </message>
    <message>
        <source>Ask them to show the code again.</source>
        <translation>请顾客重新出示付款码。</translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation>付款码已过期。</translation>
    </message>
    <message>
        <source>Ask them to refresh the code.</source>
        <translation>请顾客刷新付款码。</translation>
    </message>
    <message>
        <source>The typed code has expired or is wrong.</source>
        <translation>输入的付款码已过期或有误。</translation>
    </message>
    <message>
        <source>Type the code the tablet shows now.</source>
        <translation>请输入平板现在显示的付款码。</translation>
    </message>
    <message>
        <source>This code was already used.</source>
        <translation>这个付款码已经用过了。</translation>
    </message>
    <message>
        <source>Ask them to wait for the next code.</source>
        <translation>请顾客等下一个付款码。</translation>
    </message>
    <message>
        <source>The parent has stopped this allowance.</source>
        <translation>家长已停用这笔零花钱。</translation>
    </message>
    <message>
        <source>Ask for another way to pay.</source>
        <translation>请顾客换一种方式付款。</translation>
    </message>
    <message>
        <source>The allowance has ended.</source>
        <translation>这笔零花钱已到期。</translation>
    </message>
    <message>
        <source>Ask the parent to renew it.</source>
        <translation>请家长重新开通。</translation>
    </message>
    <message>
        <source>This is more than one payment may be.</source>
        <translation>超过单笔限额。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or ask the parent.</source>
        <translation>请减少金额，或联系家长。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or tomorrow.</source>
        <translation>请减少金额，或明天再来。</translation>
    </message>
    <message>
        <source>Ask the parent.</source>
        <translation>请联系家长。</translation>
    </message>
    <message>
        <source>The parent&apos;s account is short of money.</source>
        <translation>家长账户余额不足。</translation>
    </message>
    <message>
        <source>Ask the parent to top up.</source>
        <translation>请家长充值。</translation>
    </message>
    <message>
        <source>The parent doesn&apos;t allow buying this kind of thing.</source>
        <translation>家长不允许购买这类商品。</translation>
    </message>
    <message>
        <source>Remove those items, or ask the parent.</source>
        <translation>请移除这些商品，或联系家长。</translation>
    </message>
    <message>
        <source>Alcohol, tobacco and gambling can&apos;t be sold to a child: not with the allowance, nor for cash or by card.</source>
        <translation>酒类、烟草和博彩不能卖给未成年人：不能用零花钱，现金或刷卡也不行。</translation>
    </message>
    <message>
        <source>Take those items out of the sale.</source>
        <translation>请把这些商品从这笔交易中拿掉。</translation>
    </message>
    <message>
        <source>Spending isn&apos;t allowed at this time.</source>
        <translation>当前时段不允许消费。</translation>
    </message>
    <message>
        <source>The allowance is in another currency.</source>
        <translation>零花钱的币种不同。</translation>
    </message>
    <message>
        <source>Charge in the right currency.</source>
        <translation>请用正确的币种收款。</translation>
    </message>
    <message>
        <source>Today&apos;s offline allowance is used up.</source>
        <translation>今日离线额度已用完。</translation>
    </message>
    <message>
        <source>Wait until the terminal is back online.</source>
        <translation>请等收银机恢复联网。</translation>
    </message>
    <message>
        <source>Offline this till takes no allowance payment for alcohol, tobacco or gambling, and this sale holds some: it can&apos;t check the parent&apos;s rules.</source>
        <translation>离线时，本收银台不收零花钱支付的酒类、烟草或博彩商品，这笔交易里有这类商品：收银台无法核对家长设定的规则。</translation>
    </message>
    <message>
        <source>Take those items out of the sale, or ask for another way to pay.</source>
        <translation>请把这些商品从交易中拿掉，或请顾客换一种方式付款。</translation>
    </message>
    <message>
        <source>Offline this till takes no allowance payment: the shop sells alcohol, tobacco or gambling, and the till can&apos;t check the parent&apos;s rules.</source>
        <translation>离线时，本收银台不收零花钱支付：本店出售酒类、烟草或博彩商品，收银台无法核对家长设定的规则。</translation>
    </message>
    <message>
        <source>The terminal is offline and can&apos;t check a typed code.</source>
        <translation>收银机处于离线状态，无法核验手动输入的数字码。</translation>
    </message>
    <message>
        <source>Ask them to show the QR code to the camera.</source>
        <translation>请顾客把二维码对准摄像头。</translation>
    </message>
    <message>
        <source>Scan their QR code with the barcode scanner.</source>
        <translation>请用条码扫描器扫描顾客的二维码。</translation>
    </message>
    <message>
        <source>The terminal has never reached the server, so it can&apos;t check codes offline.</source>
        <translation>收银机从未连上服务器，无法离线核验付款码。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal&apos;s list of stopped allowances is too old to tell whether this one was stopped.</source>
        <translation>暂停离线收款：本收银机的停用名单太旧，无法判断这笔零花钱是否已被停用。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that {said} was left of this allowance today, and this till has taken {taken} of it offline since: only {limit} is left, so the till can&apos;t take this offline.</source>
        <translation>服务器上一次回应说这份零花钱今天还剩 {said}，之后本收银机又离线收了 {taken}：只剩 {limit}，所以收银机不能离线收这笔款。</translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait until the terminal is online.</source>
        <translation>请顾客换一种方式付款，或等收银机恢复联网。</translation>
    </message>
    <message>
        <source>While offline this allowance may pay at most {limit} at a time.</source>
        <translation>离线时，这笔零花钱单次最多只能付 {limit}。</translation>
    </message>
    <message>
        <source>While offline this terminal takes at most {limit} per payment.</source>
        <translation>离线时，本收银机单笔最多收 {limit}。</translation>
    </message>
    <message>
        <source>This allowance may pay at most {limit} offline in one day, and today&apos;s offline payments have reached it.</source>
        <translation>这份零花钱一天内离线最多付 {limit}，今天的离线付款已经到了这个金额。</translation>
    </message>
    <message>
        <source>Try a smaller amount.</source>
        <translation>请减少金额。</translation>
    </message>
    <message>
        <source>Remove those items: the parent can&apos;t be asked about them here.</source>
        <translation>请拿掉这些商品：这些不能在这里询问家长。</translation>
    </message>
    <message>
        <source>While offline this allowance may not pay this much at a time.</source>
        <translation>离线时，这笔零花钱单次不能付这么多。</translation>
    </message>
    <message>
        <source>This allowance has reached what it may pay offline in one day.</source>
        <translation>这份零花钱今天的离线付款已经到了一天的上限。</translation>
    </message>
    <message>
        <source>The server holds this till&apos;s offline uploads for a few minutes: too many of them had codes used already or were older than two days. Selling goes on; the rest go up after.</source>
        <translation>服务器暂停接收本收银台的离线上传几分钟：其中太多付款码已用过，或已超过两天。收款照常进行，其余的稍后上传。</translation>
    </message>
    <message>
        <source>it is not a kinpay payment code.</source>
        <translation>这不是 kinpay 付款码。</translation>
    </message>
    <message>
        <source>its signature does not check out. Don&apos;t take it.</source>
        <translation>签名核对不上，请勿收取。</translation>
    </message>
    <message>
        <source>the code has expired. Ask them to refresh it.</source>
        <translation>付款码已过期，请对方刷新。</translation>
    </message>
    <message>
        <source>the tablet&apos;s pairing has expired. The parent pairs it again.</source>
        <translation>平板的配对已过期，请家长重新配对。</translation>
    </message>
    <message>
        <source>the tablet&apos;s clock is ahead. Check its time.</source>
        <translation>平板的时钟走快了，请检查时间。</translation>
    </message>
    <message>
        <source>it was made by an older app. The parent pairs the tablet again.</source>
        <translation>这是旧版应用生成的码，请家长重新配对平板。</translation>
    </message>
    <message>
        <source>the numeric code has a typo. Check the digits.</source>
        <translation>数字码有误，请核对数字。</translation>
    </message>
    <message>
        <source>a numeric code has 23 digits. Check the digits.</source>
        <translation>数字码应为 23 位，请核对数字。</translation>
    </message>
    <message>
        <source>signed by a server key this terminal doesn&apos;t know: it can&apos;t be checked here.</source>
        <translation>由本收银机不认识的服务器密钥签名，无法在此核验。</translation>
    </message>
    <message>
        <source>it can&apos;t be read as a code.</source>
        <translation>无法识别为付款码。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal&apos;s list of stopped allowances is from {since}, more than {hours} h ago, so it can&apos;t tell whether this one was stopped.</source>
        <translation>暂停离线收款：本收银机的停用名单更新于 {since}，已超过 {hours} 小时，无法判断这笔零花钱是否已被停用。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal has never fetched the list of stopped allowances, so it can&apos;t tell whether this one was stopped.</source>
        <translation>暂停离线收款：本收银机从未获取停用名单，无法判断这笔零花钱是否已被停用。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or wait until the terminal is online.</source>
        <translation>请减少金额，或等收银机恢复联网。</translation>
    </message>
    <message>
        <source>While offline this terminal doesn&apos;t take this much in one payment.</source>
        <translation>离线时，本收银机单笔不收这么多。</translation>
    </message>
    <message>
        <source>This allowance has reached what this terminal takes offline until it is back online.</source>
        <translation>这笔零花钱已达到本收银机离线可收的上限，须等恢复联网。</translation>
    </message>
    <message>
        <source>This is more than is left of today&apos;s allowance.</source>
        <translation>超过了今日额度的剩余部分。</translation>
    </message>
    <message>
        <source>This is more than is left of this month&apos;s allowance.</source>
        <translation>超过了本月额度的剩余部分。</translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait for the connection.</source>
        <translation>请顾客换一种方式付款，或等网络恢复。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that only {limit} is left of this allowance today, so the till can&apos;t take this offline.</source>
        <translation>服务器上一次回应说这份零花钱今天只剩 {limit}，所以收银机不能离线收这笔款。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer today declined this kind of thing for this allowance: the parent has blocked it, so the till can&apos;t take it offline.</source>
        <translation>服务器今天上一次回应拒绝了这份零花钱买这类商品：家长不允许，所以收银机不能离线收这笔款。</translation>
    </message>
    <message>
        <source>The server declined this allowance in the last 30 minutes because spending isn&apos;t allowed at this time, so for now the till takes none of its payments offline.</source>
        <translation>服务器在过去 30 分钟内拒绝了这份零花钱：现在这个时段不允许消费，所以收银机暂时不离线收它的任何款项。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that less than this is left of this allowance today.</source>
        <translation>服务器上一次回应说这份零花钱今天剩下的不到这个金额。</translation>
    </message>
    <message>
        <source>Declined.</source>
        <translation>交易被拒。</translation>
    </message>
    <message>
        <source>The server doesn&apos;t know this terminal: check its API key in Settings.</source>
        <translation>服务器不认识本收银机：请在“设置”中检查终端密钥。</translation>
    </message>
    <message>
        <source>This terminal may not do that.</source>
        <translation>本收银机没有这个权限。</translation>
    </message>
    <message>
        <source>The server doesn&apos;t know that payment.</source>
        <translation>服务器查不到这笔付款。</translation>
    </message>
    <message>
        <source>Too many requests: wait a moment and try again.</source>
        <translation>请求太频繁：请稍等后重试。</translation>
    </message>
    <message>
        <source>The server is busy: try again in a moment.</source>
        <translation>服务器繁忙：请稍后重试。</translation>
    </message>
    <message>
        <source>The server had a problem.</source>
        <translation>服务器出现问题。</translation>
    </message>
    <message>
        <source>This payment can&apos;t be refunded.</source>
        <translation>这笔付款不能退款。</translation>
    </message>
    <message>
        <source>That is more than is left to refund.</source>
        <translation>超过了剩余可退金额。</translation>
    </message>
    <message>
        <source>This sale was already sent with other details.</source>
        <translation>这笔交易已用不同的内容提交过。</translation>
    </message>
    <message>
        <source>This till could not write the sale to its own records (its disk may be full or read-only, or another till may be using its data folder), so the sale was not sent.</source>
        <translation>本收银机无法把这笔交易写入自己的记录（磁盘可能已满或只读，或另一台收银机正在使用它的数据文件夹），所以交易没有发送。</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>服务器拒绝了请求。</translation>
    </message>
    <message>
        <source>{reason} {todo}</source>
        <translation>{reason}{todo}</translation>
    </message>
    <message>
        <source>The server could not use that request.</source>
        <translation>服务器无法处理这个请求。</translation>
    </message>
    <message>
        <source>Some of what you entered can&apos;t be used. Check it and try again.</source>
        <translation>有些填写的内容无法使用，请检查后重试。</translation>
    </message>
    <message>
        <source>You are signed out. Sign in again.</source>
        <translation>您已退出登录，请重新登录。</translation>
    </message>
    <message>
        <source>Your password was changed on another device, which signed you out here. If it wasn&apos;t you, ask the kinpay operator to reset it: that signs everyone out.</source>
        <translation>您的密码已在另一台设备上被修改，这台设备因此已登出。如果不是您本人，请让 kinpay 运营方重置密码：所有人都会被登出。</translation>
    </message>
    <message>
        <source>You were signed out everywhere, from another device. Sign in again.</source>
        <translation>已从另一台设备在所有设备上登出。请重新登录。</translation>
    </message>
    <message>
        <source>The kinpay operator reset your password. Sign in with the one they gave you, then change it in Settings.</source>
        <translation>kinpay 运营方已重置您的密码。请用他们给您的密码登录，然后在“设置”中修改。</translation>
    </message>
    <message>
        <source>This device was signed out from another device of your account. Sign in again.</source>
        <translation>您账户的另一台设备让本设备退出了登录。请重新登录。</translation>
    </message>
    <message>
        <source>Your account signed in on more devices than kinpay keeps, so the one unused the longest, this one, was signed out. Sign in again. If that many sign-ins weren&apos;t yours, change your password.</source>
        <translation>您的账户登录的设备超过了 kinpay 保留的数量，所以最久未使用的这台设备已登出。请重新登录。如果那么多次登录不是您本人，请修改密码。</translation>
    </message>
    <message>
        <source>That device is already signed out.</source>
        <translation>那台设备已经退出登录了。</translation>
    </message>
    <message>
        <source>This account may not do that.</source>
        <translation>这个账户没有这个权限。</translation>
    </message>
    <message>
        <source>That is no longer there.</source>
        <translation>该内容已不存在。</translation>
    </message>
    <message>
        <source>Too many tries: wait a moment and try again.</source>
        <translation>尝试次数太多：请稍等后重试。</translation>
    </message>
    <message>
        <source>The server had a problem. Try again later.</source>
        <translation>服务器出现问题，请稍后重试。</translation>
    </message>
    <message>
        <source>That name and password don&apos;t match. Try again.</source>
        <translation>用户名和密码不匹配，请重试。</translation>
    </message>
    <message>
        <source>That name is taken. Sign in instead, or pick another name.</source>
        <translation>这个用户名已被使用。请直接登录，或换一个用户名。</translation>
    </message>
    <message>
        <source>As many new accounts as an hour allows were made from this network. Try again in an hour, or sign in to an account you have.</source>
        <translation>这个网络一小时内可创建的新账户已用完。请一小时后再试，或登录已有的账户。</translation>
    </message>
    <message>
        <source>The time zone is not one the server knows.</source>
        <translation>服务器不认识这个时区。</translation>
    </message>
    <message>
        <source>There is no child&apos;s account with that name. The child signs up first, on their tablet.</source>
        <translation>没有这个用户名的孩子账户。请孩子先在平板上注册。</translation>
    </message>
    <message>
        <source>There is no parent&apos;s account with that name.</source>
        <translation>没有这个用户名的家长账户。</translation>
    </message>
    <message>
        <source>The end date must be in the future.</source>
        <translation>截止日期必须晚于今天。</translation>
    </message>
    <message>
        <source>The offline amount can&apos;t be more than one payment may be.</source>
        <translation>离线额度不能超过单笔限额。</translation>
    </message>
    <message>
        <source>This child already has as many allowances running as kinpay allows. Stop one before giving another.</source>
        <translation>这个孩子正在使用的零花钱已达到 kinpay 允许的上限。请先停用一个，再给新的。</translation>
    </message>
    <message>
        <source>This allowance is no longer active.</source>
        <translation>这笔零花钱已失效。</translation>
    </message>
    <message>
        <source>This allowance has been stopped.</source>
        <translation>这笔零花钱已被停用。</translation>
    </message>
    <message>
        <source>That pairing code is not right. Check it on the parent&apos;s screen.</source>
        <translation>配对码不对。请核对家长屏幕上的配对码。</translation>
    </message>
    <message>
        <source>That pairing code has expired. Ask for a new one.</source>
        <translation>配对码已过期，请获取新的配对码。</translation>
    </message>
    <message>
        <source>The tablet&apos;s key was refused. Try pairing again.</source>
        <translation>平板的密钥被拒绝，请重新配对。</translation>
    </message>
    <message>
        <source>There is not enough money in the account.</source>
        <translation>账户余额不足。</translation>
    </message>
    <message>
        <source>That top-up is too large.</source>
        <translation>充值金额太大。</translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation>金额太大了。</translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation>内容太长了。</translation>
    </message>
    <message>
        <source>That is not your current password. Nothing was changed.</source>
        <translation>当前密码不对。没有做任何更改。</translation>
    </message>
    <message>
        <source>That needs your password. Nothing was changed.</source>
        <translation>这需要您的密码。什么都没有改变。</translation>
    </message>
    <message>
        <source>The server refused that. Try again.</source>
        <translation>服务器拒绝了这个操作，请重试。</translation>
    </message>
    <message>
        <source>This device doesn&apos;t trust the kinpay server&apos;s certificate, so nothing was sent. Check the server&apos;s address in Settings, or ask whoever runs the kinpay server for its CA.</source>
        <translation>这台设备不信任 kinpay 服务器的证书，所以什么都没有发送。请检查“设置”里的服务器地址，或向运行 kinpay 服务器的人要它的 CA 证书。</translation>
    </message>
    <message>
        <source>Can&apos;t reach the kinpay server. Either this device is off the network, or the server is down. If other apps here can reach the internet, it is the server: wait for its operator to start it again.</source>
        <translation>连不上 kinpay 服务器：可能是这台设备没有联网，也可能是服务器停了。如果这台设备上的其他应用能上网，就是服务器的问题：请等它的运营方把它重新启动。</translation>
    </message>
    <message>
        <source>kinpay keeps trying.</source>
        <translation>kinpay 会一直自动重试。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{days} {start}–{end}</source>
        <translation>{days} {start}–{end}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{items} and {count} more</source>
        <translation>{items}，还有{count}样</translation>
    </message>
    <message>
        <source>Something went wrong. Try again.</source>
        <translation>出了点问题，请重试。</translation>
    </message>
</context>
<context>
    <name>Zone</name>
    <message>
        <source>UTC</source>
        <translation>协调世界时</translation>
    </message>
</context>
</TS>
