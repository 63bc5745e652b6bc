<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>AccountCard</name>
    <message>
        <source>Account</source>
        <translation>帳戶</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>登出</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>變更密碼</translation>
    </message>
    <message>
        <source>Every other phone, tablet and computer signed in to this account is signed out; this one stays.</source>
        <translation>登入此帳戶的其他手機、平板和電腦都會登出；這台裝置保持登入。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>目前的密碼</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密碼</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次輸入新密碼</translation>
    </message>
    <message>
        <source>Sign out everywhere</source>
        <translation>在所有裝置上登出</translation>
    </message>
    <message>
        <source>A phone lost or left signed in? End every session of this account, this one too.</source>
        <translation>手機遺失，或在別處忘了登出？結束此帳戶的所有登入，包括這一台。</translation>
    </message>
    <message>
        <source>Sign out everywhere…</source>
        <translation>在所有裝置上登出…</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>請輸入目前的密碼。</translation>
    </message>
    <message>
        <source>A new password needs at least 8 characters.</source>
        <translation>新密碼至少需要 8 個字元。</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>兩次輸入的新密碼不一致。</translation>
    </message>
    <message>
        <source>Password changed. Every other phone, tablet and computer signed in to this account is signed out.</source>
        <translation>密碼已變更。登入此帳戶的其他手機、平板和電腦都已登出。</translation>
    </message>
</context>
<context>
    <name>Activity</name>
    <message>
        <source>the shop&apos;s till couldn&apos;t read a valid code</source>
        <translation>店家收銀機讀不到有效的付款碼</translation>
    </message>
    <message>
        <source>the code shown was too old</source>
        <translation>出示的付款碼已過期</translation>
    </message>
    <message>
        <source>that code had already been used</source>
        <translation>這個付款碼已經用過了</translation>
    </message>
    <message>
        <source>you had stopped this spending money</source>
        <translation>您已停用這筆零用錢</translation>
    </message>
    <message>
        <source>this spending money had ended</source>
        <translation>這筆零用錢已到期</translation>
    </message>
    <message>
        <source>over the limit for one payment</source>
        <translation>超過單筆上限</translation>
    </message>
    <message>
        <source>over today&apos;s limit</source>
        <translation>超過每日上限</translation>
    </message>
    <message>
        <source>over this month&apos;s limit</source>
        <translation>超過每月上限</translation>
    </message>
    <message>
        <source>your balance was too low</source>
        <translation>您的餘額不足</translation>
    </message>
    <message>
        <source>a kind of thing you don&apos;t allow</source>
        <translation>您不允許購買的類別</translation>
    </message>
    <message>
        <source>outside the times you allow</source>
        <translation>不在您允許的時段內</translation>
    </message>
    <message>
        <source>in another currency than the spending money&apos;s</source>
        <translation>幣別與零用錢不符</translation>
    </message>
    <message>
        <source>over what may be paid while the shop is offline</source>
        <translation>超過店家離線時可付的額度</translation>
    </message>
    <message>
        <source>{daily} a day, {monthly} a month</source>
        <translation>每日 {daily}，每月 {monthly}</translation>
    </message>
    <message>
        <source>already spent: {today} today, {month} this month</source>
        <translation>已花費：今天 {today}，本月 {month}</translation>
    </message>
    <message>
        <source>{items} paid another way ({rest})</source>
        <translation>{items}用其他方式付了（{rest}）</translation>
    </message>
    <message>
        <source>{name} also wanted {items}: not on the allowance</source>
        <translation>{name}還想買{items}：這不能用零用錢買</translation>
    </message>
    <message>
        <source>{name} tried to buy {items}: not on the allowance</source>
        <translation>{name}想買{items}，但這不能用零用錢買</translation>
    </message>
    <message>
        <source> ({rest})</source>
        <translation>（{rest}）</translation>
    </message>
    <message>
        <source>for {items}</source>
        <translation>買了：{items}</translation>
    </message>
    <message>
        <source>{rest} not on the allowance</source>
        <translation>另有 {rest} 不由零用錢支付</translation>
    </message>
    <message>
        <source>{rest} paid another way</source>
        <translation>另有 {rest} 以其他方式付款</translation>
    </message>
    <message>
        <source>Your child</source>
        <translation>您的孩子</translation>
    </message>
    <message>
        <source>a shop</source>
        <translation>一家店家</translation>
    </message>
    <message>
        <source>at {shop}</source>
        <translation>在{shop}</translation>
    </message>
    <message>
        <source> · {amount} left today</source>
        <translation> · 今日還剩 {amount}</translation>
    </message>
    <message>
        <source> · paid offline</source>
        <translation> · 離線付款</translation>
    </message>
    <message>
        <source>{name} paid</source>
        <translation>{name}付款成功</translation>
    </message>
    <message>
        <source> · the shop took it offline and handed it over unpaid: it may ask you to pay</source>
        <translation> · 店家離線時已收下並交貨，但沒有收到錢：可能會請您補付</translation>
    </message>
    <message>
        <source>{name}&apos;s payment was declined</source>
        <translation>{name}的付款遭拒</translation>
    </message>
    <message>
        <source>at {shop} · {reason}</source>
        <translation>在{shop} · {reason}</translation>
    </message>
    <message>
        <source>tried to buy {items}</source>
        <translation>想買：{items}</translation>
    </message>
    <message>
        <source>{name}&apos;s payment of {amount} was declined</source>
        <translation>{name}的 {amount} 付款遭拒</translation>
    </message>
    <message>
        <source>A shop</source>
        <translation>一家店家</translation>
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
        <translation>退回{name}的消費</translation>
    </message>
    <message>
        <source>for {name}&apos;s purchase of {items}</source>
        <translation>退回{name}的消費：{items}</translation>
    </message>
    <message>
        <source>{shop} gave back {amount}</source>
        <translation>{shop}退回了 {amount}</translation>
    </message>
    <message>
        <source>You gave {name} spending money</source>
        <translation>您給了{name}零用錢</translation>
    </message>
    <message>
        <source>You changed {name}&apos;s limits</source>
        <translation>您修改了{name}的上限</translation>
    </message>
    <message>
        <source>You stopped {name}&apos;s spending money</source>
        <translation>您停用了{name}的零用錢</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation>{name}的平板已配對</translation>
    </message>
    <message>
        <source>Money added to your account</source>
        <translation>已存入您的帳戶</translation>
    </message>
    <message>
        <source>a top-up (demo)</source>
        <translation>儲值（示範）</translation>
    </message>
    <message>
        <source>New sign-in to your account</source>
        <translation>您的帳戶有新的登入</translation>
    </message>
    <message>
        <source>from {address} · if it wasn&apos;t you, change your password in Settings: that signs everyone else out</source>
        <translation>來自 {address} · 如果不是您本人，請在「設定」中變更密碼：其他人都會被登出</translation>
    </message>
    <message>
        <source>The typed code was switched off</source>
        <translation>手動輸入的數字碼已被關閉</translation>
    </message>
    <message>
        <source>after wrong numbers at a till · off until {time}, unless you turn it back on in Home · the QR code still works</source>
        <translation>有人在收銀機輸錯了數字 · 關閉到 {time}，除非您在首頁重新開啟 · QR 碼付款不受影響</translation>
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
        <translation>目前沒有紀錄。付款、遭拒和退款會即時顯示在這裡。</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>動態</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● 即時</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新連線…</translation>
    </message>
</context>
<context>
    <name>Amounts</name>
    <message>
        <source>A comma only groups thousands, as in 1,500 or 1,500.25. Decimals go after a point: 1.50.</source>
        <translation>逗號只用來分隔千位，如 1,500 或 1,500.25。小數請用小數點：1.50。</translation>
    </message>
</context>
<context>
    <name>Ask</name>
    <message>
        <source>Waiting for {payer}. Enter or Esc: cancel.</source>
        <translation>正在等{payer}回覆。按 Enter 或 Esc：取消。</translation>
    </message>
    <message>
        <source>Allowed by {payer} for this sale.</source>
        <translation>{payer}已同意這筆交易。</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重試</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>Enter：{action}。</translation>
    </message>
    <message>
        <source>the parent</source>
        <translation>家長</translation>
    </message>
    <message>
        <source>Ask {payer}</source>
        <translation>詢問{payer}</translation>
    </message>
    <message>
        <source>Asking {payer} needs the server, which can&apos;t be reached now.</source>
        <translation>詢問{payer}需要連上伺服器，但現在連不上。</translation>
    </message>
    <message>
        <source>Nothing was charged. Ask for another way to pay.</source>
        <translation>未扣款。請顧客改用其他方式付款。</translation>
    </message>
    <message>
        <source>{payer} said no</source>
        <translation>{payer}拒絕了</translation>
    </message>
    <message>
        <source>No answer from {payer}</source>
        <translation>{payer}沒有回覆</translation>
    </message>
    <message>
        <source>The question ran out of time. Nothing was charged.</source>
        <translation>詢問已逾時。未扣款。</translation>
    </message>
    <message>
        <source>Asking cancelled</source>
        <translation>已取消詢問</translation>
    </message>
    <message>
        <source>Nothing was charged.</source>
        <translation>未扣款。</translation>
    </message>
    <message>
        <source>Can&apos;t ask {payer}</source>
        <translation>無法詢問{payer}</translation>
    </message>
    <message>
        <source>Asking can&apos;t lift this decline. Ask for another way to pay.</source>
        <translation>這類拒絕無法透過詢問解除。請顧客改用其他方式付款。</translation>
    </message>
    <message>
        <source>Can&apos;t reach the server</source>
        <translation>連不上伺服器</translation>
    </message>
    <message>
        <source>Asking {payer} needs the server. Nothing was charged.</source>
        <translation>詢問{payer}需要連上伺服器。未扣款。</translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation>尚未確認</translation>
    </message>
    <message>
        <source>{payer} said yes, but the server&apos;s answer didn&apos;t arrive. Try again: it is never charged twice.</source>
        <translation>{payer}已同意，但沒有收到伺服器的回覆。請重試：絕不會重複扣款。</translation>
    </message>
    <message>
        <source>Asking didn&apos;t work</source>
        <translation>詢問沒有成功</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Asking {payer}…</source>
        <translation>正在詢問{payer}…</translation>
    </message>
    <message>
        <source>{payer} gets the question on their phone. The sale completes here when they allow it.</source>
        <translation>{payer}會在手機上收到詢問。對方同意後，這筆交易會在這裡完成。</translation>
    </message>
    <message>
        <source>The link to the server is down: {payer}&apos;s answer arrives here when it is back. Nothing is charged until then.</source>
        <translation>與伺服器的連線已中斷：連線恢復後，{payer}的回覆才會傳到這裡。在此之前不會扣款。</translation>
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
        <translation>今天已經比今日上限多 {was}，付了這筆會多 {amount}</translation>
    </message>
    <message>
        <source>today would be {amount} over its limit</source>
        <translation>付了這筆，今天會比今日上限多 {amount}</translation>
    </message>
    <message>
        <source>this month is already {was} over its limit; this makes it {amount}</source>
        <translation>本月已經比本月上限多 {was}，付了這筆會多 {amount}</translation>
    </message>
    <message>
        <source>this month would be {amount} over its limit</source>
        <translation>付了這筆，本月會比本月上限多 {amount}</translation>
    </message>
    <message>
        <source>{amount} over the limit for one payment</source>
        <translation>比單筆上限多 {amount}</translation>
    </message>
    <message>
        <source>includes things you don&apos;t allow: {kinds}</source>
        <translation>含有您不允許購買的類別：{kinds}</translation>
    </message>
    <message>
        <source>a blocked kind</source>
        <translation>被禁止的類別</translation>
    </message>
    <message>
        <source>outside the times you allow</source>
        <translation>不在您允許的時段內</translation>
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
        <translation>您已同意這一次；未付款</translation>
    </message>
    <message>
        <source>waiting for your answer</source>
        <translation>等待您的回覆</translation>
    </message>
    <message>
        <source>you allowed it once</source>
        <translation>您已同意這一次</translation>
    </message>
    <message>
        <source>you allowed it once; paid</source>
        <translation>您已同意這一次；已付款</translation>
    </message>
    <message>
        <source>you said no</source>
        <translation>您拒絕了</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未及時回覆</translation>
    </message>
    <message>
        <source>the shop stopped asking</source>
        <translation>店家取消了詢問</translation>
    </message>
    <message>
        <source>{amount} at {shop} wasn&apos;t paid.</source>
        <translation>在{shop}的 {amount} 沒有付。</translation>
    </message>
    <message>
        <source>Asking {payer}…</source>
        <translation>正在問{payer}…</translation>
    </message>
    <message>
        <source>{amount} at {shop}. Wait a moment.</source>
        <translation>在{shop}付 {amount}。請稍等一下。</translation>
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
        <translation>在{shop}的 {amount} 已經付好了。</translation>
    </message>
    <message>
        <source>{payer} said no</source>
        <translation>{payer}沒有同意</translation>
    </message>
    <message>
        <source>No answer from {payer}</source>
        <translation>{payer}沒有回覆</translation>
    </message>
    <message>
        <source>The shop stopped asking</source>
        <translation>店裡取消了詢問</translation>
    </message>
    <message>
        <source>Not paid</source>
        <translation>沒有付成</translation>
    </message>
    <message>
        <source>{payer} said yes, but {amount} at {shop} wasn&apos;t paid.</source>
        <translation>{payer}同意了，但在{shop}的 {amount} 沒有付成。</translation>
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
        <translation> · 今天還剩 {left}</translation>
    </message>
    <message>
        <source>{amount} at {shop}: {reason}</source>
        <translation>在{shop}的 {amount}：{reason}</translation>
    </message>
    <message>
        <source>Your spending money has stopped</source>
        <translation>你的零用錢已停用</translation>
    </message>
    <message>
        <source>{m}:{s:02d} left</source>
        <translation>還剩 {m}:{s:02d}</translation>
    </message>
    <message>
        <source>{child} asked you at the till</source>
        <translation>{child}在收銀台向您詢問</translation>
    </message>
    <message>
        <source>{child}&apos;s question: {answer}</source>
        <translation>{child}的詢問：{answer}</translation>
    </message>
    <message>
        <source>{amount} at {shop} · {need}</source>
        <translation>在{shop} {amount} · {need}</translation>
    </message>
    <message>
        <source>Allow {child} {amount} at {shop}?</source>
        <translation>允許{child}在{shop}付 {amount}？</translation>
    </message>
    <message>
        <source>{amount} at {shop}</source>
        <translation>在{shop} {amount}</translation>
    </message>
    <message>
        <source>Allow this once</source>
        <translation>只同意這一次</translation>
    </message>
    <message>
        <source>Say no</source>
        <translation>拒絕</translation>
    </message>
    <message>
        <source>That is more than your balance ({balance}): a yes won&apos;t pay it unless you add money first.</source>
        <translation>這比您的餘額（{balance}）還多：除非先儲值，否則同意了也付不成。</translation>
    </message>
    <message>
        <source>That didn&apos;t go through: {why}</source>
        <translation>沒有成功：{why}</translation>
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
        <translation>伺服器拒絕了 {count} 筆離線付款：</translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} ({name}) was declined by the server: {reason} The shop was not paid for it.</source>
        <translation>{time} 的一筆 {amount} 離線付款（{name}）遭伺服器拒絕：{reason} 這筆款項店家沒有收到。</translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} was declined by the server: {reason} The shop was not paid for it.</source>
        <translation>{time} 的一筆 {amount} 離線付款遭伺服器拒絕：{reason} 這筆款項店家沒有收到。</translation>
    </message>
    <message>
        <source>Ask the family to pay it.</source>
        <translation>請這家人補付。</translation>
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
        <translation>攝影機：{problem}</translation>
    </message>
    <message>
        <source>No camera picture.
{problem}

Choose another camera in Settings, or type the code below.</source>
        <translation>攝影機沒有畫面。
{problem}

請在「設定」中換一台攝影機，或在下方輸入數字碼。</translation>
    </message>
    <message>
        <source>Camera: no picture</source>
        <translation>攝影機：沒有畫面</translation>
    </message>
    <message>
        <source>No camera picture.
Choose another camera in Settings, or type the code below.</source>
        <translation>攝影機沒有畫面。
請在「設定」中換一台攝影機，或在下方輸入數字碼。</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Grocery</source>
        <translation>生鮮雜貨</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>餐飲</translation>
    </message>
    <message>
        <source>Snacks</source>
        <translation>零食</translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation>飲料</translation>
    </message>
    <message>
        <source>Books</source>
        <translation>書籍</translation>
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
        <translation>服飾</translation>
    </message>
    <message>
        <source>Toys</source>
        <translation>玩具</translation>
    </message>
    <message>
        <source>Games</source>
        <translation>遊戲</translation>
    </message>
    <message>
        <source>Electronics</source>
        <translation>3C 產品</translation>
    </message>
    <message>
        <source>Alcohol</source>
        <translation>酒類</translation>
    </message>
    <message>
        <source>Tobacco</source>
        <translation>菸品</translation>
    </message>
    <message>
        <source>Gambling</source>
        <translation>博弈</translation>
    </message>
</context>
<context>
    <name>CheckAmount</name>
    <message>
        <source>Check the amount</source>
        <translation>請核對金額</translation>
    </message>
    <message>
        <source>This is more than {limit}, more than a sale here usually is. Charge it?</source>
        <translation>這筆超過 {limit}，比本店平常的一筆消費大。要收款嗎？</translation>
    </message>
    <message>
        <source>Tap your answer: Enter doesn&apos;t answer this question.</source>
        <translation>請點選您的答案：Enter 鍵不會回答這個問題。</translation>
    </message>
    <message>
        <source>Change the amount</source>
        <translation>修改金額</translation>
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
        <translation>清空購物籃？</translation>
    </message>
    <message>
        <source>The basket&apos;s {items} items, {total}, will be taken off, and the sale starts again from zero.</source>
        <translation>購物籃裡的 {items} 件商品（{total}）將被移除，這筆銷售從零開始。</translation>
    </message>
    <message>
        <source>Keep the basket</source>
        <translation>保留購物籃</translation>
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
        <translation>剛剛</translation>
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
        <translation>剛剛更新</translation>
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
        <translation>付款碼</translation>
    </message>
    <message>
        <source>left to spend today</source>
        <translation>今天還能花</translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation>我買過的東西</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全螢幕</translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation>重新登入</translation>
    </message>
    <message>
        <source>New code</source>
        <translation>換一個碼</translation>
    </message>
    <message>
        <source>numeric code {digits}</source>
        <translation>數字碼 {digits}</translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>%n 秒後換新碼</numerusform>
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
        <translation>{name}給你的零用錢</translation>
    </message>
    <message>
        <source>left today: we&apos;ll know when we&apos;re online</source>
        <translation>今天還剩多少：連上網路後就知道囉</translation>
    </message>
    <message>
        <source>left to spend today ({as_of})</source>
        <translation>今天還能花（{as_of}）</translation>
    </message>
    <message>
        <source>You can pay up to {amount} at a time</source>
        <translation>每次最多可以付 {amount}</translation>
    </message>
    <message>
        <source>Only for: {categories}</source>
        <translation>只能買：{categories}</translation>
    </message>
    <message>
        <source>Not for: {categories}</source>
        <translation>不能買：{categories}</translation>
    </message>
    <message>
        <source>Only {times}</source>
        <translation>只能在 {times}</translation>
    </message>
    <message>
        <source>Not now: only {times}</source>
        <translation>現在不能用：只能在 {times}</translation>
    </message>
    <message>
        <source>Until {date}</source>
        <translation>到 {date} 為止</translation>
    </message>
    <message>
        <source>Signed out · codes still work
sign in again to sync</source>
        <translation>已登出 · 付款碼仍然能用
重新登入後才能同步</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 連線中</translation>
    </message>
    <message>
        <source>synced {when}</source>
        <translation>同步於{when}</translation>
    </message>
    <message>
        <source>Offline · codes still work
{synced}</source>
        <translation>離線 · 付款碼仍然能用
{synced}</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>離開全螢幕</translation>
    </message>
</context>
<context>
    <name>ConfirmPassword</name>
    <message>
        <source>Your password</source>
        <translation>您的密碼</translation>
    </message>
    <message>
        <source>Enter your password to go on</source>
        <translation>請輸入密碼以繼續</translation>
    </message>
    <message>
        <source>Spending money, pairing codes, higher limits and “yes” to a shop ask for it when you haven&apos;t typed it in the last 15 minutes, so that someone who picks up this device can&apos;t do them.</source>
        <translation>給零用錢、配對碼、提高限額和同意商店的付款，如果您在過去15分鐘內沒有輸入過密碼，就要再輸入一次。這樣別人拿起這台裝置也做不了這些事。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>繼續</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>請輸入密碼。</translation>
    </message>
    <message>
        <source>That password is wrong. Try again.</source>
        <translation>密碼不對，請再試一次。</translation>
    </message>
</context>
<context>
    <name>ConfirmRevoke</name>
    <message>
        <source>Stop spending money</source>
        <translation>停用零用錢</translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money?</source>
        <translation>要停用{name}的零用錢嗎？</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet stops paying at once; {left} was left for today. Shops that are offline may still accept a small payment until they reconnect. This can&apos;t be undone: to start again, give {name} new spending money.</source>
        <translation>{name}的平板會立即無法付款；今天還剩 {left}。離線中的店家在恢復連線前，仍可能收下一小筆付款。此操作無法復原：如需恢復，請重新給{name}零用錢。</translation>
    </message>
    <message>
        <source>{shop} is asking you about {amount} right now: stopping says no to it.</source>
        <translation>{shop}正在問您 {amount} 的這筆消費：停用就等於拒絕它。</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money</source>
        <translation>停用{name}的零用錢</translation>
    </message>
</context>
<context>
    <name>ConfirmSecondGrant</name>
    <message>
        <source>Spending money</source>
        <translation>零用錢</translation>
    </message>
    <message>
        <source>{name} already has spending money from you</source>
        <translation>您已經給了{name}零用錢</translation>
    </message>
    <message>
        <source>Up to {per_payment} a payment and {daily} a day. A second one has its own limits and its own pairing code. To change what {name} may spend, change the one {name} has.</source>
        <translation>單筆最多 {per_payment}，每天最多 {daily}。再給一份會有自己的額度和配對碼。要改{name}能花多少，請修改{name}已有的那一份。</translation>
    </message>
    <message>
        <source>Change that one</source>
        <translation>修改那一份</translation>
    </message>
    <message>
        <source>Give a second one</source>
        <translation>再給一份</translation>
    </message>
</context>
<context>
    <name>ConfirmSignOutEverywhere</name>
    <message>
        <source>Sign out everywhere</source>
        <translation>在所有裝置上登出</translation>
    </message>
    <message>
        <source>Sign out everywhere?</source>
        <translation>在所有裝置上登出？</translation>
    </message>
    <message>
        <source>Every phone, tablet and computer signed in to this account is signed out at once, this one too. Your password stays the same: if someone else may know it, change it instead.</source>
        <translation>登入此帳戶的所有手機、平板和電腦會立即登出，包括這一台。密碼不變：如果別人可能知道密碼，請改為變更密碼。</translation>
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
        <translation>改用系統的憑證存放區</translation>
    </message>
    <message>
        <source>Use the system&apos;s store?</source>
        <translation>改用系統的憑證存放區？</translation>
    </message>
    <message>
        <source>The wallet stops trusting your server&apos;s own certificate authority and pinned certificates, now and at its next start. If your server&apos;s certificate is from its own authority, the wallet can&apos;t reach it then, until it is started with kinpay --ca again.</source>
        <translation>錢包將不再信任您伺服器自己的憑證授權單位和固定的憑證，現在和下次啟動時都是如此。如果您伺服器的憑證來自它自己的授權單位，錢包就連不上它，直到再用 kinpay --ca 啟動。</translation>
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
            <numerusform>%n 筆交易</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approved</source>
        <translation>
            <numerusform>成功 %n 筆</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline payment(s)</source>
        <translation>
            <numerusform>%n 筆離線付款</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time window(s)</source>
        <translation>
            <numerusform>%n 個時段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n 分鐘</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n 筆付款</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DelegateShell</name>
    <message>
        <source>Please sign in first, then pair.</source>
        <translation>請先登入，再配對。</translation>
    </message>
    <message>
        <source>No camera found on this tablet. Type the code.</source>
        <translation>這台平板沒有相機，請輸入配對碼。</translation>
    </message>
</context>
<context>
    <name>DeviceRow</name>
    <message>
        <source>A device with no name</source>
        <translation>未命名的裝置</translation>
    </message>
    <message>
        <source>This device</source>
        <translation>本裝置</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>登出</translation>
    </message>
    <message>
        <source>from {address}</source>
        <translation>來自 {address}</translation>
    </message>
    <message>
        <source>signed in {when}</source>
        <translation>{when} 登入</translation>
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
        <translation>已登入的裝置</translation>
    </message>
    <message>
        <source>Every phone, tablet and computer signed in to your account. Don&apos;t know one, or lost it? Sign it out here; if someone else may know your password, change it too.</source>
        <translation>登入了您帳戶的每一支手機、平板和電腦。有不認得的，或是遺失了？在這裡將它登出；如果別人可能知道您的密碼，也請變更密碼。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <source>{device} is signed out.</source>
        <translation>{device} 已登出。</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Close</source>
        <translation>關閉</translation>
    </message>
</context>
<context>
    <name>EndedPage</name>
    <message>
        <source>I have a new pairing code</source>
        <translation>我有新的配對碼</translation>
    </message>
    <message>
        <source>your parent</source>
        <translation>爸爸媽媽</translation>
    </message>
    <message>
        <source>This spending money has come to an end</source>
        <translation>這筆零用錢已經到期了</translation>
    </message>
    <message>
        <source>{name} has stopped this spending money</source>
        <translation>{name}停用了這筆零用錢</translation>
    </message>
    <message>
        <source>That&apos;s okay. This tablet can&apos;t pay for things right now. If you need to buy something, please ask {name} — they&apos;ll help you.</source>
        <translation>沒關係。這台平板現在不能付款。如果需要買東西，請找{name}幫你。</translation>
    </message>
</context>
<context>
    <name>GrantCard</name>
    <message>
        <source>pays what is left of a larger purchase</source>
        <translation>額度不夠時先付剩餘部分</translation>
    </message>
    <message>
        <source>no part payments</source>
        <translation>不允許部分付款</translation>
    </message>
    <message>
        <source>Tablet paired</source>
        <translation>平板已配對</translation>
    </message>
    <message>
        <source>Not paired yet</source>
        <translation>尚未配對</translation>
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
        <translation>手動輸入的數字碼已關閉到 {time}：有人在收銀機輸錯了數字。QR 碼付款不受影響。</translation>
    </message>
    <message>
        <source>Turn typed code back on</source>
        <translation>重新開啟數字碼</translation>
    </message>
    <message>
        <source>Change limits</source>
        <translation>修改上限</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配對碼</translation>
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
        <translation>kinpay 可能已經儲存了。請先查看首頁，再決定是否重新儲存。</translation>
    </message>
    <message>
        <source>One payment at most</source>
        <translation>單筆上限</translation>
    </message>
    <message>
        <source>Each day at most</source>
        <translation>每日上限</translation>
    </message>
    <message>
        <source>Each month at most</source>
        <translation>每月上限</translation>
    </message>
    <message>
        <source>When the shop is offline, one payment at most</source>
        <translation>店家離線時，每筆最多</translation>
    </message>
    <message>
        <source>One payment can&apos;t be more than the daily limit, and the daily limit can&apos;t be more than the monthly one.</source>
        <translation>單筆上限不能高於每日上限，每日上限不能高於每月上限。</translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation>請輸入大於零的金額。</translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation>金額太大了。</translation>
    </message>
    <message>
        <source>Type your child&apos;s kinpay name.</source>
        <translation>請輸入孩子的 kinpay 使用者名稱。</translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation>內容太長了。</translation>
    </message>
    <message>
        <source>Pick at least one day, and a start time before the end time.</source>
        <translation>請至少選一天，而且開始時間要早於結束時間。</translation>
    </message>
    <message>
        <source>This isn&apos;t right. Check it and try again.</source>
        <translation>這一項填寫有誤，請檢查後重試。</translation>
    </message>
    <message>
        <source>Enter an amount, like {round} or {example}.</source>
        <translation>請輸入金額，例如 {round} 或 {example}。</translation>
    </message>
    <message>
        <source>{currency} has no minor unit.</source>
        <translation>{currency} 沒有小數單位。</translation>
    </message>
    <message>
        <source>{currency} has {digits} decimals at most.</source>
        <translation>{currency} 最多 {digits} 位小數。</translation>
    </message>
    <message>
        <source>An amount can&apos;t be less than 0.</source>
        <translation>金額不能小於 0。</translation>
    </message>
    <message>
        <source>“{text}” isn&apos;t an amount. Use digits, like {example}.</source>
        <translation>「{text}」不是金額，請用數字，例如 {example}。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Your child&apos;s kinpay name, e.g. lily</source>
        <translation>孩子的 kinpay 使用者名稱，例如 lily</translation>
    </message>
    <message>
        <source>Who is it for?</source>
        <translation>給誰？</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>幣別</translation>
    </message>
    <message>
        <source>How much?</source>
        <translation>額度多少？</translation>
    </message>
    <message>
        <source>Offline payments are checked by the shop alone, so keep that amount small. At most twice that amount is paid offline in one day.</source>
        <translation>離線付款只由店家自行核對，所以這個金額請設小一點。一天內離線最多付這個金額的兩倍。</translation>
    </message>
    <message>
        <source>When less is left than a purchase, pay what is left (the rest is paid another way)</source>
        <translation>剩餘額度不夠一筆消費時，先付剩下的額度（其餘以其他方式付款）</translation>
    </message>
    <message>
        <source>What may they buy?</source>
        <translation>可以買什麼？</translation>
    </message>
    <message>
        <source>Anything, except what is ticked</source>
        <translation>除了勾選的以外都可以</translation>
    </message>
    <message>
        <source>Only what is ticked</source>
        <translation>只能買勾選的</translation>
    </message>
    <message>
        <source>When?</source>
        <translation>什麼時候可以用？</translation>
    </message>
    <message>
        <source>Only on these days, between these times</source>
        <translation>只在這些日子的這些時段</translation>
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
        <translation>給零用錢</translation>
    </message>
    <message>
        <source>Your child spends from your balance, within the limits you set here. You can change or stop it at any time.</source>
        <translation>孩子從您的餘額中消費，不會超過您在這裡設定的上限。您隨時可以修改或停用。</translation>
    </message>
    <message>
        <source>Change {name}&apos;s limits</source>
        <translation>修改{name}的上限</translation>
    </message>
    <message>
        <source>Changes apply from the next payment.</source>
        <translation>修改從下一筆付款起生效。</translation>
    </message>
    <message>
        <source>What you chose is filled in. Save changes to use it; it applies from the next payment.</source>
        <translation>已填入您剛才的選擇。點「儲存修改」後生效，從下一筆付款開始適用。</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>儲存修改</translation>
    </message>
    <message>
        <source>Days, times and the daily limit follow {zone}.</source>
        <translation>以上日子、時段和每日上限都按{zone}計算。</translation>
    </message>
    <message>
        <source>This device is on {zone}.</source>
        <translation>這台裝置用的是{zone}。</translation>
    </message>
    <message>
        <source>There is no child with that kinpay name. Check the spelling.</source>
        <translation>沒有這個 kinpay 使用者名稱的孩子，請檢查拼字。</translation>
    </message>
    <message>
        <source>No answer from kinpay: this change may be saved already. Saving again is safe: it sets the same limits.</source>
        <translation>kinpay 沒有回應：這次修改可能已經儲存。再儲存一次沒關係，只會設成同樣的上限。</translation>
    </message>
    <message>
        <source>Then try again.</source>
        <translation>然後再試一次。</translation>
    </message>
    <message>
        <source>Pick at least one day for each time.</source>
        <translation>每個時段請至少選一天。</translation>
    </message>
    <message>
        <source>One payment can&apos;t be more than the daily limit ({daily}).</source>
        <translation>單筆不能超過每日上限（{daily}）。</translation>
    </message>
    <message>
        <source>The daily limit can&apos;t be more than the monthly one ({monthly}).</source>
        <translation>每日上限不能超過每月上限（{monthly}）。</translation>
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
        <translation>單筆最多 {amount}</translation>
    </message>
    <message>
        <source>only {categories}</source>
        <translation>僅限{categories}</translation>
    </message>
    <message>
        <source>no {categories}</source>
        <translation>不含{categories}</translation>
    </message>
    <message>
        <source>until {date}</source>
        <translation>有效期限至{date}</translation>
    </message>
    <message>
        <source>offline up to {amount} a payment</source>
        <translation>離線每筆最多 {amount}</translation>
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
        <translation>儲值（示範）</translation>
    </message>
    <message>
        <source>Your balance</source>
        <translation>您的餘額</translation>
    </message>
    <message>
        <source>Your account has no money yet. The kinpay operator (whoever runs kinpay for you, such as your shop) adds it: ask them to. It shows here as soon as it arrives.</source>
        <translation>您的帳戶裡還沒有錢。錢由 kinpay 的營運方（為您開通 kinpay 的人，例如您常去的店家）存入：請聯絡他們。錢一入帳就會顯示在這裡。</translation>
    </message>
    <message>
        <source>+ Give spending money</source>
        <translation>+ 給零用錢</translation>
    </message>
    <message>
        <source>No spending money given yet. Tap “Give spending money” to start.</source>
        <translation>還沒有給過零用錢。點「給零用錢」開始。</translation>
    </message>
    <message>
        <source>Spending money</source>
        <translation>零用錢</translation>
    </message>
    <message>
        <source>Hide the older stopped ones</source>
        <translation>收起較早停用的</translation>
    </message>
    <message numerus="yes">
        <source>Show %n more stopped or ended</source>
        <translation>
            <numerusform>再顯示 %n 筆已停用或已到期的</numerusform>
        </translation>
    </message>
    <message>
        <source>{names} may spend up to {allowed} today, more than your balance: a payment above {balance} will be declined.</source>
        <translation>{names}今天最多可以花 {allowed}，超過了您的餘額：超過 {balance} 的付款會被拒絕。</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete the last digit</source>
        <translation>刪除最後一位</translation>
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
        <translation>伺服器的憑證不是這台收銀機信任的：什麼都沒有送給它。請店長檢查伺服器位址，以及本店的 CA 檔案（kinpay --ca）或憑證指紋（--pin）。在此期間以離線方式收款。</translation>
    </message>
    <message>
        <source>The server refused this terminal: {reason}</source>
        <translation>伺服器拒絕了這台收銀機：{reason}</translation>
    </message>
    <message>
        <source>The server refused the offline payment of {amount} taken at {time}: {reason} It stays in the queue; the other sales went on.</source>
        <translation>伺服器拒收了 {time} 的離線收款 {amount}：{reason}它仍留在佇列中；其他交易照常進行。</translation>
    </message>
    <message>
        <source>{count} offline payments are refused in all.</source>
        <translation>共有 {count} 筆離線收款被拒收。</translation>
    </message>
    <message>
        <source>This till can&apos;t save to its disk (full or read-only?): sales may not be kept. Tell the manager.</source>
        <translation>本收銀機無法儲存到自己的磁碟（可能已滿或唯讀）：交易可能無法保存。請告訴店長。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the camera…</source>
        <translation>正在開啟攝影機…</translation>
    </message>
    <message>
        <source>No camera.
Scan the code with the barcode scanner, or type it below.</source>
        <translation>不用攝影機。
請用條碼掃描器掃描，或在下方輸入數字碼。</translation>
    </message>
    <message>
        <source>Camera: none</source>
        <translation>攝影機：不用</translation>
    </message>
    <message>
        <source>Can&apos;t read QR codes on this machine.
No QR decoder is installed.</source>
        <translation>這台機器無法辨識 QR 碼。
沒有安裝 QR 碼解碼器。</translation>
    </message>
    <message>
        <source>QR readers: {names}; left out: {missing}</source>
        <translation>QR 碼辨識程式庫：{names}；未載入：{missing}</translation>
    </message>
    <message>
        <source>The amount is locked at {total}. Esc changes it.</source>
        <translation>金額已鎖定為 {total}。按 Esc 可修改。</translation>
    </message>
    <message>
        <source>Items: tap the products. An amount is typed under Amount.</source>
        <translation>商品：請點選商品。要輸入金額，請切換到「輸入金額」。</translation>
    </message>
    <message>
        <source>Enter the amount first, then press Charge.</source>
        <translation>請先輸入金額，再按「收款」。</translation>
    </message>
    <message>
        <source>Take the rest, or give the allowance&apos;s part back.</source>
        <translation>請收取餘款，或退回零用錢支付的部分。</translation>
    </message>
    <message>
        <source>The server refuses this terminal&apos;s key: no sale can go through. Check the terminal id and key in Settings.</source>
        <translation>伺服器不接受這台收銀機的金鑰，現在無法收款。請在「設定」中檢查收銀機編號和收銀機金鑰。</translation>
    </message>
    <message>
        <source>Tap the items, then press Charge.</source>
        <translation>點選商品，然後按「收款」。</translation>
    </message>
    <message>
        <source>Type the amount, then press Charge.</source>
        <translation>輸入金額，然後按「收款」。</translation>
    </message>
    <message>
        <source>Code ready. Press Charge ⏎ to take {total}.</source>
        <translation>已掃描到付款碼。按「收款 ⏎」收取 {total}。</translation>
    </message>
    <message>
        <source>Press Charge ⏎ to take {total}.</source>
        <translation>按「收款 ⏎」收取 {total}。</translation>
    </message>
    <message>
        <source>Charging {total}: show the code to the camera, or type the numeric code. Esc changes the amount.</source>
        <translation>正在收款 {total}：請顧客把付款碼對準攝影機，或輸入數字碼。按 Esc 可修改金額。</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>Enter：{action}。</translation>
    </message>
    <message>
        <source>A pending sale of {amount} made at {time} was approved by the server.</source>
        <translation>{time} 的一筆待確認交易（{amount}）已獲伺服器核准。</translation>
    </message>
    <message>
        <source>A pending sale of {amount} made at {time} was declined by the server.</source>
        <translation>{time} 的一筆待確認交易（{amount}）遭伺服器拒絕。</translation>
    </message>
    <message>
        <source>Offline payments stopped: the list of stopped allowances is too old. Waiting for the server.</source>
        <translation>已暫停離線收款：停用名單太舊了。正在等待伺服器。</translation>
    </message>
    <message>
        <source>The refund of {amount} that was not confirmed went through.</source>
        <translation>之前未確認的 {amount} 退款已完成。</translation>
    </message>
    <message>
        <source>The refund of {amount} that was not confirmed was refused by the server: nothing was given back.</source>
        <translation>之前未確認的 {amount} 退款遭伺服器拒絕：沒有退回任何款項。</translation>
    </message>
    <message>
        <source>The allowance paid part. Tap Cash or Card once the rest is paid.</source>
        <translation>零用錢已付部分。其餘款項收到後，請點「現金」或「信用卡」。</translation>
    </message>
    <message>
        <source>The ✗ items can&apos;t be sold to a child: tap what to do.</source>
        <translation>✗ 商品不能賣給未成年人：請點選如何處理。</translation>
    </message>
    <message>
        <source>Enter takes no money here: tap how the rest was taken.</source>
        <translation>這裡按 Enter 不會記錄收款：請點選其餘款項的收取方式。</translation>
    </message>
    <message>
        <source>Recording the rest…</source>
        <translation>正在記錄餘款…</translation>
    </message>
    <message>
        <source>A refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Changing the settings</source>
        <translation>修改設定</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>設定已儲存。</translation>
    </message>
    <message>
        <source>The new manager PIN is in force.</source>
        <translation>新的店長密碼已生效。</translation>
    </message>
    <message>
        <source>The language changes at the next start.</source>
        <translation>語言將在下次啟動時變更。</translation>
    </message>
    <message>
        <source>Charging {total}: scan the code with the barcode scanner, or type the numeric code. Esc changes the amount.</source>
        <translation>正在收款 {total}：請用條碼掃描器掃描付款碼，或輸入數字碼。按 Esc 可修改金額。</translation>
    </message>
    <message>
        <source>Not a code this terminal can take: {reason}</source>
        <translation>這台收銀機無法使用這個碼：{reason}</translation>
    </message>
    <message>
        <source>That code was used already: the tablet shows a new one within 30 s, or ask the child to tap New code.</source>
        <translation>這個碼已經用過了：平板會在 30 秒內顯示新碼，或請孩子點「換一個碼」。</translation>
    </message>
    <message>
        <source>Press Charge first, then scan or type the code.</source>
        <translation>請先按「收款」，再掃描或輸入付款碼。</translation>
    </message>
    <message>
        <source>Enter the amount, then press Charge.</source>
        <translation>請輸入金額，再按「收款」。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在送出…</translation>
    </message>
</context>
<context>
    <name>Manager</name>
    <message>
        <source>Manager PIN</source>
        <translation>店長密碼</translation>
    </message>
    <message>
        <source>{purpose} needs the manager’s PIN.</source>
        <translation>{purpose}需要輸入店長密碼。</translation>
    </message>
    <message>
        <source>Too many wrong tries: wait {seconds} s.</source>
        <translation>錯誤次數太多：請等 {seconds} 秒。</translation>
    </message>
    <message>
        <source>That is not the manager’s PIN.</source>
        <translation>店長密碼不正確。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>確定</translation>
    </message>
</context>
<context>
    <name>PairPage</name>
    <message>
        <source>Pair this tablet</source>
        <translation>配對這台平板</translation>
    </message>
    <message>
        <source>Pair</source>
        <translation>配對</translation>
    </message>
    <message>
        <source>Use the camera</source>
        <translation>用相機掃描</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>登出</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>配對碼</translation>
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
        <translation>請爸爸媽媽打開 kinpay，給你看配對碼。在這裡輸入，或是把平板的相機對準他們的螢幕。</translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation>正在配對…</translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation>關閉相機</translation>
    </message>
</context>
<context>
    <name>Pairing</name>
    <message>
        <source>That code didn&apos;t work. Check it with your parent, or ask for a new one.</source>
        <translation>這個碼不對。請和爸爸媽媽核對一下，或是要一個新的。</translation>
    </message>
    <message>
        <source>That code is too old. Ask your parent for a new one.</source>
        <translation>這個碼過期了。請爸爸媽媽給你一個新的。</translation>
    </message>
    <message>
        <source>That spending money has ended. Ask your parent about it.</source>
        <translation>這筆零用錢已經到期了。可以問問爸爸媽媽。</translation>
    </message>
    <message>
        <source>That code didn&apos;t work. Check it with your parent.</source>
        <translation>這個碼不對。請和爸爸媽媽核對一下。</translation>
    </message>
    <message>
        <source>You can&apos;t add more spending money: you already have as many as kinpay allows. Ask your parent to stop one first.</source>
        <translation>你的零用錢已經到了 kinpay 允許的數量，不能再新增。請爸爸媽媽先停用一筆。</translation>
    </message>
    <message>
        <source>Please sign in again, then pair.</source>
        <translation>請重新登入，再配對。</translation>
    </message>
    <message>
        <source>Then try again, or ask your parent.</source>
        <translation>然後再試一次，或問問家長。</translation>
    </message>
    <message>
        <source>kinpay&apos;s answer didn&apos;t make sense to this tablet. Try again, or ask your parent.</source>
        <translation>這台平板看不懂 kinpay 的回覆。請再試一次，或是問問爸爸媽媽。</translation>
    </message>
    <message>
        <source>Something went wrong. Try again, or ask your parent.</source>
        <translation>出了點問題。請再試一次，或是問問爸爸媽媽。</translation>
    </message>
    <message>
        <source>Type the pairing code from your parent&apos;s screen.</source>
        <translation>請輸入爸爸媽媽螢幕上的配對碼。</translation>
    </message>
    <message>
        <source>A pairing code has no {letters}. Check the code again.</source>
        <translation>配對碼裡沒有 {letters}。請再核對一下。</translation>
    </message>
    <message>
        <source>A pairing code has {length} letters and numbers; this has {count}.</source>
        <translation>配對碼有 {length} 個字母和數字；這裡有 {count} 個。</translation>
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
        <translation>配對{name}的平板</translation>
    </message>
    <message>
        <source>On {name}&apos;s tablet, sign in as {account} and choose “Use the camera”, then hold it up to this code. Or type the code below.</source>
        <translation>在{name}的平板上以 {account} 登入，選擇「用相機掃描」，然後對準這個碼。也可以輸入下面的配對碼。</translation>
    </message>
    <message>
        <source>Works once, until {time}.</source>
        <translation>只能用一次，有效期限至 {time}。</translation>
    </message>
    <message>
        <source>That code has expired. Press Done, then “Pairing code” for a new one.</source>
        <translation>這個配對碼已過期。請按「完成」，再點「配對碼」取得新的。</translation>
    </message>
</context>
<context>
    <name>PayerShell</name>
    <message>
        <source>Home</source>
        <translation>首頁</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>動態</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>{name}&apos;s spending money</source>
        <translation>{name}的零用錢</translation>
    </message>
    <message>
        <source>your change is saved.</source>
        <translation>您的修改已儲存。</translation>
    </message>
    <message>
        <source>Your change to {name}&apos;s spending money was not saved: {reason} Change it again.</source>
        <translation>您對{name}零用錢的修改沒有儲存：{reason} 請再改一次。</translation>
    </message>
    <message>
        <source>Your child</source>
        <translation>您的孩子</translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation>{name}的平板已配對</translation>
    </message>
    <message>
        <source>it can pay from now on.</source>
        <translation>從現在起可以付款了。</translation>
    </message>
    <message>
        <source>No pairing code: {reason}</source>
        <translation>無法取得配對碼：{reason}</translation>
    </message>
    <message>
        <source>No answer from kinpay: the spending money may be stopped already. Stopping it again is safe; the home shows it once kinpay answers.</source>
        <translation>kinpay 沒有回應：這筆零用錢可能已經停用了。再停用一次沒關係；kinpay 回應後，首頁會顯示結果。</translation>
    </message>
    <message>
        <source>Couldn&apos;t stop it: {reason}</source>
        <translation>停用失敗：{reason}</translation>
    </message>
    <message>
        <source>Couldn&apos;t turn the typed code back on: {reason}</source>
        <translation>無法重新開啟數字碼：{reason}</translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Starting the camera…</source>
        <translation>正在開啟攝影機…</translation>
    </message>
</context>
<context>
    <name>PurchaseRow</name>
    <message>
        <source>A shop</source>
        <translation>一家店家</translation>
    </message>
    <message>
        <source>{when} · Not paid: {reason}</source>
        <translation>{when} · 沒付成：{reason}</translation>
    </message>
    <message>
        <source>your parent</source>
        <translation>爸爸媽媽</translation>
    </message>
    <message>
        <source>The shop let you have it while it was offline, but your spending money didn&apos;t pay for it. Tell {parent}.</source>
        <translation>店家離線時先讓你拿走了，但零用錢沒有付這筆錢。告訴{parent}。</translation>
    </message>
    <message>
        <source>{when} · {amount} given back</source>
        <translation>{when} · 退回了 {amount}</translation>
    </message>
    <message>
        <source>{parent} said yes to this one</source>
        <translation>這一筆是{parent}同意的</translation>
    </message>
    <message>
        <source>{amount} not paid</source>
        <translation>{amount} 沒付成</translation>
    </message>
</context>
<context>
    <name>Purchases</name>
    <message>
        <source>the shop couldn&apos;t read your code</source>
        <translation>店裡讀不到你的付款碼</translation>
    </message>
    <message>
        <source>the code was too old</source>
        <translation>付款碼過期了</translation>
    </message>
    <message>
        <source>that code was already used</source>
        <translation>這個付款碼已經用過了</translation>
    </message>
    <message>
        <source>your spending money was stopped</source>
        <translation>你的零用錢被停用了</translation>
    </message>
    <message>
        <source>your spending money had ended</source>
        <translation>你的零用錢已經到期了</translation>
    </message>
    <message>
        <source>more than allowed for one payment</source>
        <translation>超過了一次能花的錢</translation>
    </message>
    <message>
        <source>more than is left for today</source>
        <translation>超過了今天剩下的錢</translation>
    </message>
    <message>
        <source>more than is left this month</source>
        <translation>超過了這個月剩下的錢</translation>
    </message>
    <message>
        <source>your parent&apos;s balance was too low</source>
        <translation>家長的餘額不夠</translation>
    </message>
    <message>
        <source>that kind of thing isn&apos;t allowed</source>
        <translation>這類東西不能買</translation>
    </message>
    <message>
        <source>not allowed at this time</source>
        <translation>這個時間不能花錢</translation>
    </message>
    <message>
        <source>in another currency</source>
        <translation>幣別不對</translation>
    </message>
    <message>
        <source>more than the shop can take offline</source>
        <translation>超過了店裡離線時能收的錢</translation>
    </message>
    <message>
        <source>the shop&apos;s till said no</source>
        <translation>店裡的收銀機沒有收款</translation>
    </message>
    <message>
        <source>Your allowance paid for: {items}</source>
        <translation>零用錢買了：{items}</translation>
    </message>
    <message>
        <source>Not paid by your allowance: {items}</source>
        <translation>零用錢沒有付的：{items}</translation>
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
        <translation>{total} 裡有 {rest} 不是零用錢付的</translation>
    </message>
    <message>
        <source>{rest} of {total} was paid another way</source>
        <translation>{total} 裡有 {rest} 是用別的方式付的</translation>
    </message>
    <message>
        <source>A shop</source>
        <translation>一家店家</translation>
    </message>
</context>
<context>
    <name>PurchasesPage</name>
    <message>
        <source>← Back to my code</source>
        <translation>← 回到我的付款碼</translation>
    </message>
    <message>
        <source>Nothing bought yet. Your purchases will show up here.</source>
        <translation>還沒有買過東西。你買的東西會顯示在這裡。</translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation>我買過的東西</translation>
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
        <translation>付款成功</translation>
    </message>
    <message>
        <source>DECLINED</source>
        <translation>交易遭拒</translation>
    </message>
    <message>
        <source>APPROVED OFFLINE</source>
        <translation>離線收款成功</translation>
    </message>
    <message>
        <source>NOT CONFIRMED</source>
        <translation>待確認</translation>
    </message>
    <message>
        <source>DECLINED (OFFLINE)</source>
        <translation>交易遭拒（離線）</translation>
    </message>
    <message>
        <source>Accepted offline; sent to the server when it answers.</source>
        <translation>已離線收款；伺服器恢復後自動上傳。</translation>
    </message>
    <message>
        <source>Accepted offline, settled by the server.</source>
        <translation>離線收款，已由伺服器結算。</translation>
    </message>
    <message>
        <source>No answer from the server yet; the sale is sent again with the same key, never charged twice.</source>
        <translation>伺服器尚未回覆；本交易會以同一編號重送，絕不會重複扣款。</translation>
    </message>
    <message>
        <source>{quantity} × {name}</source>
        <translation>{quantity} × {name}</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>For {delegate}, paid by {payer}</source>
        <translation>消費人：{delegate}，付款人：{payer}</translation>
    </message>
    <message>
        <source>kinpay shop</source>
        <translation>kinpay 店家</translation>
    </message>
    <message>
        <source>{when}   Terminal {terminal}</source>
        <translation>{when}   收銀機 {terminal}</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Thank you · kinpay</source>
        <translation>謝謝光臨 · kinpay</translation>
    </message>
    <message>
        <source>Receipt {payment}</source>
        <translation>收據 {payment}</translation>
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
        <translation>選擇一筆付款，然後全額退款，或輸入部分金額。</translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation>退款金額</translation>
    </message>
    <message>
        <source>Give back in cash or to the card</source>
        <translation>現金或信用卡退還</translation>
    </message>
    <message>
        <source>Refund all</source>
        <translation>全額退款</translation>
    </message>
    <message>
        <source>Refund this amount</source>
        <translation>依此金額退款</translation>
    </message>
    <message>
        <source>Yes, refund</source>
        <translation>確認退款</translation>
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
        <translation>退回零用錢：最多 {code}。現金或退回信用卡：最多 {other}。</translation>
    </message>
    <message>
        <source>Choose a payment first.</source>
        <translation>請先選擇一筆付款。</translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation>這個金額無法使用：請依 12.50 這樣的格式輸入。</translation>
    </message>
    <message>
        <source>Refund between {low} and {high}.</source>
        <translation>退款金額須介於 {low} 到 {high} 之間。</translation>
    </message>
    <message>
        <source>Refund {amount} of {name}&apos;s {total} payment to {payer}&apos;s account? It can&apos;t be undone.</source>
        <translation>要把{name}的 {total} 付款中的 {amount} 退回{payer}的帳戶嗎？退款後無法復原。</translation>
    </message>
    <message>
        <source>Refund {amount} of the {total} payment to the customer? It can&apos;t be undone.</source>
        <translation>要把 {total} 付款中的 {amount} 退給顧客嗎？退款後無法復原。</translation>
    </message>
    <message>
        <source>Each part gives back at most what it paid: {code} to the allowance, {other} in cash or to the card.</source>
        <translation>每種付款方式最多退回它支付的金額：零用錢 {code}，現金或信用卡 {other}。</translation>
    </message>
    <message>
        <source>Refund: {text}? It can&apos;t be undone.</source>
        <translation>退款：{text}？退款後無法復原。</translation>
    </message>
    <message>
        <source>Sending the unanswered refund of {amount} again…</source>
        <translation>正在重送未獲回覆的 {amount} 退款…</translation>
    </message>
    <message>
        <source>The refund went through.</source>
        <translation>退款已完成。</translation>
    </message>
    <message>
        <source>The refund is not confirmed: no answer from the server (the till is offline or the link is down).</source>
        <translation>退款尚未確認：伺服器沒有回應（收銀機已離線或連線中斷）。</translation>
    </message>
    <message>
        <source>The refund is not confirmed: the server could not answer.</source>
        <translation>退款尚未確認：伺服器暫時無法回應。</translation>
    </message>
    <message>
        <source>The till sends it again by itself, with the same key, when the link is back, so it is never paid twice; Today and End of day show it as not confirmed until then.</source>
        <translation>連線恢復後，收銀機會自動以同一編號重送，絕不會重複退款；在此之前，「今日交易」和「日結」會將其顯示為未確認。</translation>
    </message>
    <message>
        <source>{amount} of it was refunded already.</source>
        <translation>這筆付款已經退過 {amount}。</translation>
    </message>
    <message>
        <source>Refunded {amount} to {payer}&apos;s account; the allowance is restored.</source>
        <translation>已退款 {amount}，退回{payer}的帳戶；零用錢額度已恢復。</translation>
    </message>
    <message>
        <source>Refunded {amount} to the parent&apos;s account; the allowance is restored.</source>
        <translation>已退款 {amount}，退回家長的帳戶；零用錢額度已恢復。</translation>
    </message>
    <message>
        <source>Nothing to hand back in cash.</source>
        <translation>不用退現金。</translation>
    </message>
    <message>
        <source>Give back {amount} to the card.</source>
        <translation>請退回信用卡 {amount}。</translation>
    </message>
    <message>
        <source>Give back {amount} in cash.</source>
        <translation>請退還現金 {amount}。</translation>
    </message>
    <message>
        <source>{amount} back to the allowance</source>
        <translation>{amount} 退回零用錢</translation>
    </message>
    <message>
        <source>give back {amount} to the card</source>
        <translation>{amount} 退回信用卡</translation>
    </message>
    <message>
        <source>give back {amount} in cash</source>
        <translation>退還現金 {amount}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Sending the refund…</source>
        <translation>正在送出退款…</translation>
    </message>
    <message>
        <source>No payment of the last {days} days can be refunded.</source>
        <translation>最近 {days} 天內沒有可退款的交易。</translation>
    </message>
    <message>
        <source>The server refused the refund: {reason}</source>
        <translation>伺服器拒絕了退款：{reason}</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Approved</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <source>Declined by the server</source>
        <translation>遭伺服器拒絕</translation>
    </message>
    <message>
        <source>Accepted offline, not yet sent</source>
        <translation>離線收款，尚未上傳</translation>
    </message>
    <message>
        <source>Accepted offline, then declined: not paid</source>
        <translation>離線收款後遭拒：未收到錢</translation>
    </message>
    <message>
        <source>Not confirmed (retrying)</source>
        <translation>待確認（重試中）</translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation>離線遭拒</translation>
    </message>
    <message>
        <source>Refunds (allowance −{code} + cash or card −{other})</source>
        <translation>退款（零用錢 −{code} + 現金或信用卡 −{other}）</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Refunds not confirmed (retrying)</source>
        <translation>未確認的退款（重試中）</translation>
    </message>
    <message>
        <source>Tender: kinpay code (allowance)</source>
        <translation>付款方式：kinpay 付款碼（零用錢）</translation>
    </message>
    <message>
        <source>Tender: cash</source>
        <translation>付款方式：現金</translation>
    </message>
    <message>
        <source>Tender: card</source>
        <translation>付款方式：信用卡</translation>
    </message>
    <message>
        <source>Still due on partial sales (not taken)</source>
        <translation>部分付款交易的未收餘款</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + cash or card {other})</source>
        <translation>{total}（零用錢 {code} + 現金或信用卡 {other}）</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>彙總</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>筆數</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Approved (asked {payer})</source>
        <translation>付款成功（已詢問{payer}）</translation>
    </message>
    <message>
        <source>Approved (asked the parent)</source>
        <translation>付款成功（已詢問家長）</translation>
    </message>
    <message>
        <source>allowance {amount}</source>
        <translation>零用錢 {amount}</translation>
    </message>
    <message>
        <source>cash {amount}</source>
        <translation>現金 {amount}</translation>
    </message>
    <message>
        <source>card {amount}</source>
        <translation>信用卡 {amount}</translation>
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
        <translation>{amount} · 未確認（重試中）</translation>
    </message>
    <message>
        <source>End of day {day}</source>
        <translation>日結 {day}</translation>
    </message>
    <message>
        <source>{merchant} — end of day {day}</source>
        <translation>{merchant} — 日結 {day}</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>交易明細</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Net takings (approved − refunds)</source>
        <translation>淨收入（成功 − 退款）</translation>
    </message>
    <message>
        <source>This till only: the shop&apos;s other tills are not in this report.</source>
        <translation>僅限本收銀機：店家其他收銀機的交易不在這份報表中。</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + card {other})</source>
        <translation>{total}（零用錢 {code} + 信用卡 {other}）</translation>
    </message>
    <message>
        <source>{total} (allowance {code} + cash {other})</source>
        <translation>{total}（零用錢 {code} + 現金 {other}）</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>消費人</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>交易編號</translation>
    </message>
    <message>
        <source>Given back</source>
        <translation>退回金額</translation>
    </message>
</context>
<context>
    <name>Restart</name>
    <message>
        <source>{amount} at {time}: accepted offline and queued, to be sent when the server answers. Don&apos;t charge again.</source>
        <translation>{amount}（{time}）：已離線收款並排隊，伺服器恢復後送出。不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: approved. Don&apos;t charge again.</source>
        <translation>{amount}（{time}）：付款成功。不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: no answer from the server yet. The till asks again under the same key, never charging twice. Don&apos;t charge again until it shows approved or declined.</source>
        <translation>{amount}（{time}）：伺服器還沒有回應。收銀機會用同一個編號再問，絕不會收兩次。在顯示成功或遭拒之前，不要再收一次。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not charged. {reason} Take the payment again.</source>
        <translation>{amount}（{time}）：沒有收款。{reason}請重新收款。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not charged. {reason} The same payment would be declined again: ask for another way to pay.</source>
        <translation>{amount}（{time}）：沒有收款。{reason}同樣的付款還會被拒絕：請顧客改用其他方式付款。</translation>
    </message>
    <message>
        <source>{amount} at {time}: not sent before the till stopped, so nothing was charged. Take the payment again.</source>
        <translation>{amount}（{time}）：收銀機停止前沒有送出，所以沒有收款。請重新收款。</translation>
    </message>
    <message>
        <source>Cancelling the question to {payer} on the server…</source>
        <translation>正在取消詢問{payer}…</translation>
    </message>
    <message>
        <source>The question to {payer} was cancelled when the till restarted: nothing was charged for it.</source>
        <translation>收銀機重新啟動時，已取消詢問{payer}：這筆沒有收款。</translation>
    </message>
    <message>
        <source>{payer} allowed it before the till stopped, and it was paid.</source>
        <translation>收銀機停止前{payer}已同意，這筆已經付款。</translation>
    </message>
    <message>
        <source>The till couldn&apos;t reach the server to cancel the question to {payer}: a yes to it is never charged, and it ends by itself.</source>
        <translation>收銀機連不上伺服器，無法取消詢問{payer}：就算同意也不會收款，詢問會自動結束。</translation>
    </message>
    <message>
        <source>Before the till restarted</source>
        <translation>收銀機重新啟動前的交易</translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation>Enter：{action}。</translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>Receipt</source>
        <translation>收據</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>重試</translation>
    </message>
    <message>
        <source>Change the sale</source>
        <translation>修改這筆消費</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>再次查詢</translation>
    </message>
    <message>
        <source>New sale</source>
        <translation>新交易</translation>
    </message>
    <message>
        <source>Keep pending</source>
        <translation>稍後處理</translation>
    </message>
    <message>
        <source>Ask</source>
        <translation>詢問</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在送出…</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <source>Approved offline</source>
        <translation>離線收款成功</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>交易遭拒</translation>
    </message>
    <message>
        <source>Declined (offline)</source>
        <translation>交易遭拒（離線）</translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation>尚未確認</translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation>未送出</translation>
    </message>
    <message>
        <source>Declined by the server</source>
        <translation>伺服器拒絕了</translation>
    </message>
    <message>
        <source>Waiting for the server’s answer.</source>
        <translation>正在等待伺服器回覆。</translation>
    </message>
    <message>
        <source>{delegate}  ·  paid by {payer}</source>
        <translation>{delegate}  ·  付款人 {payer}</translation>
    </message>
    <message>
        <source>Left today for {name}: {amount}</source>
        <translation>{name}今日還可用：{amount}</translation>
    </message>
    <message>
        <source>Left today: {amount}</source>
        <translation>今日還可用：{amount}</translation>
    </message>
    <message>
        <source>  (answer repeated)</source>
        <translation>  （重複回覆）</translation>
    </message>
    <message>
        <source>Checked by this terminal and queued; it is sent to the server when it answers again.</source>
        <translation>已由這台收銀機核對並排入佇列；伺服器恢復後自動上傳。</translation>
    </message>
    <message>
        <source>Offline a sale is taken whole: splitting it or paying part needs the server.</source>
        <translation>離線時只能整筆收款：拆分付款或部分付款需要連上伺服器。</translation>
    </message>
    <message>
        <source>No answer yet: it may be approved or declined. Asked again with the same key, never charged twice. Don&apos;t charge again; hand the goods over only once Approved.</source>
        <translation>尚無回覆：可能已付款成功，也可能被拒絕。會以同一編號再次查詢，絕不會重複扣款。請不要再次收款；顯示「付款成功」後才能交付商品。</translation>
    </message>
    <message>
        <source>{refusal} Nothing was charged.</source>
        <translation>{refusal} 未扣款。</translation>
    </message>
    <message>
        <source>{amount} by the allowance</source>
        <translation>零用錢 {amount}</translation>
    </message>
    <message>
        <source>{amount} in cash</source>
        <translation>現金 {amount}</translation>
    </message>
    <message>
        <source>{amount} by card</source>
        <translation>信用卡 {amount}</translation>
    </message>
</context>
<context>
    <name>Sales</name>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>消費人</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>已退款</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>交易編號</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>交易遭拒</translation>
    </message>
    <message>
        <source>Offline · queued</source>
        <translation>離線 · 待上傳</translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation>待確認</translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation>離線遭拒</translation>
    </message>
    <message>
        <source>Not paid: ask the family</source>
        <translation>未收到款：請這家人補付</translation>
    </message>
    <message>
        <source>Approved (taken offline)</source>
        <translation>付款成功（離線收款）</translation>
    </message>
    <message>
        <source>Approved (asked {payer})</source>
        <translation>付款成功（已詢問{payer}）</translation>
    </message>
    <message>
        <source>Approved (asked the parent)</source>
        <translation>付款成功（已詢問家長）</translation>
    </message>
    <message>
        <source>{amount} not confirmed (retrying)</source>
        <translation>{amount} 未確認（重試中）</translation>
    </message>
    <message>
        <source>{amount} (all)</source>
        <translation>{amount}（全額）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>+{count} more</source>
        <translation>另有{count}樣</translation>
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
        <translation>{sales} · {approved} · 淨收 {amount}</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收據</translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation>退款…</translation>
    </message>
    <message>
        <source>Not paid: {payments}, {amount} in all, declined by the server after the goods were handed over. Collect it from the family.</source>
        <translation>未收到錢：{payments}，共 {amount}，交貨後遭伺服器拒絕。請向這家人收取。</translation>
    </message>
    <message>
        <source>{summary} · {amount} offline, not yet confirmed</source>
        <translation>{summary} · 離線 {amount}，尚未確認</translation>
    </message>
    <message>
        <source>{summary} · refunds −{amount} not confirmed (retrying)</source>
        <translation>{summary} · 退款 −{amount} 未確認（重試中）</translation>
    </message>
    <message>
        <source>Refunds not confirmed: {count}, {amount} in all. The till sends them again by itself, with the same key, when the link is back; they are not in the net until the server answers.</source>
        <translation>未確認的退款：{count} 筆，共 {amount}。連線恢復後，收銀機會自動以同一編號重送；在伺服器回應之前，它們不計入淨收入。</translation>
    </message>
    <message>
        <source>kinpay code {code} · cash {cash} · card {card} · refunds −{refunds}</source>
        <translation>kinpay 付款碼 {code} · 現金 {cash} · 信用卡 {card} · 退款 −{refunds}</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>儲存 PDF</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>已儲存：{path}</translation>
    </message>
    <message>
        <source>End of day · this till · {day}</source>
        <translation>日結 · 本收銀機 · {day}</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>筆數</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Not sent yet: {payments}, {amount} in all.</source>
        <translation>還有{payments}（共 {amount}）等待上傳。</translation>
    </message>
    <message>
        <source>Every offline payment has been sent to the server.</source>
        <translation>所有離線付款都已上傳到伺服器。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>匯出 CSV</translation>
    </message>
    <message>
        <source>Print (PDF)</source>
        <translation>列印（PDF）</translation>
    </message>
    <message>
        <source>The day before</source>
        <translation>前一天</translation>
    </message>
    <message>
        <source>The day after</source>
        <translation>後一天</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Simulated tablet (demo)</source>
        <translation>模擬平板（示範）</translation>
    </message>
    <message>
        <source>No camera (a barcode scanner, or typed codes)</source>
        <translation>不用攝影機（條碼掃描器或輸入數字碼）</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不變更</translation>
    </message>
    <message>
        <source>not set: anyone may refund and change settings</source>
        <translation>未設定：任何人都可以退款和修改設定</translation>
    </message>
    <message>
        <source>type the new PIN again</source>
        <translation>再輸入一次新密碼</translation>
    </message>
    <message>
        <source>Beep on a good read, buzz on a refused one</source>
        <translation>掃描成功時「嗶」一聲，遭拒時「嗡」一聲</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小時</translation>
    </message>
    <message>
        <source>That file holds no certificate the till can use, so it can&apos;t reach an https:// server. Put the shop&apos;s CA file there again, or use the system&apos;s store.</source>
        <translation>該檔案裡沒有收銀機能用的憑證，所以連不上 https:// 伺服器。請把本店的 CA 檔案重新放到那裡，或改用系統的憑證存放區。</translation>
    </message>
    <message>
        <source>That file is not there now, so the till can&apos;t reach an https:// server. Put it back, or use the system&apos;s store.</source>
        <translation>該檔案現在不在了，所以收銀機連不上 https:// 伺服器。請把它放回去，或改用系統的憑證存放區。</translation>
    </message>
    <message>
        <source>That file can&apos;t be read now, so the till can&apos;t reach an https:// server. Let the till read it, or use the system&apos;s store.</source>
        <translation>該檔案現在讀不了，所以收銀機連不上 https:// 伺服器。請讓收銀機能讀取它，或改用系統的憑證存放區。</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store</source>
        <translation>系統的憑證存放區</translation>
    </message>
    <message>
        <source>the shop&apos;s own certificate authority, {path}</source>
        <translation>本店自己的憑證授權單位（CA），{path}</translation>
    </message>
    <message>
        <source>Use the system&apos;s store</source>
        <translation>改用系統的憑證存放區</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store, once saved: a new server address does not keep the old one&apos;s certificates</source>
        <translation>儲存後：系統的憑證存放區（新的伺服器位址不沿用舊位址的憑證）</translation>
    </message>
    <message>
        <source>the system&apos;s certificate store, once saved</source>
        <translation>儲存後：系統的憑證存放區</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>伺服器</translation>
    </message>
    <message>
        <source>Terminal id</source>
        <translation>收銀機編號</translation>
    </message>
    <message>
        <source>Terminal key</source>
        <translation>收銀機金鑰</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>攝影機</translation>
    </message>
    <message>
        <source>Check a sale above ({currency})</source>
        <translation>核對超過此金額的消費（{currency}）</translation>
    </message>
    <message>
        <source>Offline floor limit ({currency})</source>
        <translation>離線單筆上限（{currency}）</translation>
    </message>
    <message>
        <source>Offline payments per allowance</source>
        <translation>每份零用錢的離線筆數</translation>
    </message>
    <message>
        <source>Offline sum per allowance ({currency})</source>
        <translation>每份零用錢的離線總額（{currency}）</translation>
    </message>
    <message>
        <source>Offline only with a list younger than</source>
        <translation>停用名單須在此時間內更新</translation>
    </message>
    <message>
        <source>Manager PIN (new)</source>
        <translation>店長密碼（新）</translation>
    </message>
    <message>
        <source>Manager PIN (again)</source>
        <translation>店長密碼（再輸一次）</translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation>提示音</translation>
    </message>
    <message>
        <source>Language (applies at the next start)</source>
        <translation>語言（下次啟動時生效）</translation>
    </message>
    <message>
        <source>The two PINs typed are not the same, so the PIN is unchanged and nothing was saved. Type the new PIN in both fields again.</source>
        <translation>兩次輸入的密碼不一致，密碼沒有變更，什麼都沒有儲存。請在兩欄裡重新輸入新密碼。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Trusts</source>
        <translation>信任</translation>
    </message>
    <message>
        <source>Offline, the terminal accepts a payment only below the floor limit, the allowance’s own offline cap, and these per-allowance caps, and only while its list of stopped allowances is younger than the age above.</source>
        <translation>離線時，收銀機只接受低於離線單筆上限、零用錢本身的離線額度以及上述每份零用錢上限的付款，而且停用名單必須在上面設定的時間內更新過。</translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation>這個金額無法使用：請依 12.50 這樣的格式輸入。</translation>
    </message>
    <message>
        <source>{trust};
{pinned}</source>
        <translation>{trust}；
{pinned}</translation>
    </message>
    <message>
        <source>That PIN can&apos;t be used: a manager PIN is {low} to {high} digits.</source>
        <translation>這個密碼無法使用：店長密碼須為 {low} 到 {high} 位數字。</translation>
    </message>
    <message>
        <source>The server address starts with http:// or https://</source>
        <translation>伺服器位址須以 http:// 或 https:// 開頭</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, like http://192.168.1.5:8700</source>
        <translation>請輸入伺服器位址，例如 http://192.168.1.5:8700</translation>
    </message>
    <message>
        <source>That address is too long</source>
        <translation>位址太長了</translation>
    </message>
    <message>
        <source>The address starts with http:// or https://</source>
        <translation>位址須以 http:// 或 https:// 開頭</translation>
    </message>
    <message>
        <source>The address needs a host name or IP address</source>
        <translation>位址需要包含主機名稱或 IP 位址</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535</source>
        <translation>連接埠須為 1 到 65535 之間的數字</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>伺服器位址</translation>
    </message>
    <message>
        <source>Where your family&apos;s kinpay server runs. Ask whoever set it up.</source>
        <translation>您家 kinpay 伺服器的位址。不清楚的話，請問負責安裝的人。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>儲存</translation>
    </message>
    <message>
        <source>← Back to sign in</source>
        <translation>← 返回登入</translation>
    </message>
    <message>
        <source>Signed in as {name} (parent)</source>
        <translation>已登入：{name}（家長）</translation>
    </message>
    <message>
        <source>Signed in as {name} (child)</source>
        <translation>已登入：{name}（孩子）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>A new language applies when the app starts again.</source>
        <translation>新語言會在應用程式重新啟動後生效。</translation>
    </message>
    <message>
        <source>Saved. New connections use this address.</source>
        <translation>已儲存。之後的連線會使用這個位址。</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Or the server&apos;s address in Settings is wrong: check it there.</source>
        <translation>也可能是「設定」裡的伺服器位址不對：請到那裡檢查。</translation>
    </message>
    <message>
        <source>Something answers at that address, but not a kinpay server. Check it in Settings.</source>
        <translation>這個位址有回應，但不是 kinpay 伺服器。請在「設定」中檢查。</translation>
    </message>
    <message>
        <source>Signing in did not work. Try again.</source>
        <translation>登入失敗，請再試一次。</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Spending money for your family, safely.</source>
        <translation>安心地給家人零用錢。</translation>
    </message>
    <message>
        <source>I&apos;m the parent</source>
        <translation>我是家長</translation>
    </message>
    <message>
        <source>I&apos;m the child</source>
        <translation>我是孩子</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>使用者名稱</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation>註冊帳戶</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>伺服器：{url}</translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation>請輸入使用者名稱和密碼。</translation>
    </message>
    <message>
        <source>A new password needs at least 8 characters.</source>
        <translation>新密碼至少需要 8 個字元。</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>正在登入…</translation>
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
        <translation>{spent}  ·  剩餘 {left}</translation>
    </message>
</context>
<context>
    <name>SplitCard</name>
    <message>
        <source>The allowance can&apos;t pay for the items marked ✗.</source>
        <translation>標 ✗ 的商品不能用零用錢付款。</translation>
    </message>
    <message>
        <source>That was all that is left of today&apos;s allowance.</source>
        <translation>這是今天零用錢剩下的全部額度。</translation>
    </message>
    <message>
        <source>That was all that is left of this month&apos;s allowance.</source>
        <translation>這是本月零用錢剩下的全部額度。</translation>
    </message>
    <message>
        <source>Paid in cash</source>
        <translation>現金付款</translation>
    </message>
    <message>
        <source>Paid by card</source>
        <translation>信用卡付款</translation>
    </message>
    <message>
        <source>Still to pay</source>
        <translation>待付餘款</translation>
    </message>
    <message>
        <source>Paid by allowance (kinpay)</source>
        <translation>零用錢付款（kinpay）</translation>
    </message>
    <message>
        <source>Rest, not owed (given back)</source>
        <translation>餘款（已退回，無需再付）</translation>
    </message>
    <message>
        <source>Refunded to the allowance</source>
        <translation>已退回零用錢</translation>
    </message>
    <message>
        <source>Given back in cash or to the card</source>
        <translation>已以現金或信用卡退還</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>現金</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>信用卡</translation>
    </message>
    <message>
        <source>Remove ✗ items</source>
        <translation>移除 ✗ 商品</translation>
    </message>
    <message>
        <source>Give back</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Split the basket</source>
        <translation>拆分購物籃</translation>
    </message>
    <message>
        <source>Part approved</source>
        <translation>部分已付款</translation>
    </message>
    <message>
        <source>Allowance paid {paid} of {total}</source>
        <translation>零用錢已付 {paid}（共 {total}）</translation>
    </message>
    <message>
        <source>Take {due} another way</source>
        <translation>餘款 {due} 請以其他方式收取</translation>
    </message>
    <message>
        <source>{items}: not for sale to a child, not even for cash or by card.</source>
        <translation>{items}：不能賣給未成年人，現金或刷卡也不行。</translation>
    </message>
    <message>
        <source>Remove the ✗ items</source>
        <translation>請移除 ✗ 商品</translation>
    </message>
    <message>
        <source>Give the allowance&apos;s part back, then ring up the sale again without them</source>
        <translation>請退回零用錢已付的部分，再不含這些商品重新結帳</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>● Connecting…</source>
        <translation>● 正在連線…</translation>
    </message>
    <message>
        <source>● Key refused</source>
        <translation>● 金鑰被拒</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 連線中</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 離線</translation>
    </message>
    <message>
        <source>Offline queue: {count}</source>
        <translation>離線待上傳：{count}</translation>
    </message>
    <message>
        <source>Not confirmed: {count}</source>
        <translation>待確認：{count}</translation>
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
        <translation>日結</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>kinpay — {merchant} till</source>
        <translation>kinpay — {merchant} 收銀台</translation>
    </message>
    <message>
        <source>kinpay — till</source>
        <translation>kinpay — 收銀台</translation>
    </message>
    <message>
        <source>kinpay terminal</source>
        <translation>kinpay 收銀機</translation>
    </message>
    <message>
        <source>After Charge: type the code, Enter</source>
        <translation>按「收款」後輸入代碼，再按 Enter</translation>
    </message>
    <message>
        <source>Type the code, Enter</source>
        <translation>輸入代碼，再按 Enter</translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>輸入金額</translation>
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
        <translation>示範儲值最多 {amount}。</translation>
    </message>
    <message>
        <source>This server doesn&apos;t offer demo money.</source>
        <translation>這台伺服器不提供示範金額。</translation>
    </message>
    <message>
        <source>Top-up failed: {reason}</source>
        <translation>儲值失敗：{reason}</translation>
    </message>
    <message>
        <source>Top-up failed: can&apos;t reach the kinpay server.</source>
        <translation>儲值失敗：連不上 kinpay 伺服器。</translation>
    </message>
    <message>
        <source>Top-up failed. Try again.</source>
        <translation>儲值失敗，請再試一次。</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up</source>
        <translation>儲值</translation>
    </message>
    <message>
        <source>Top up (demo)</source>
        <translation>儲值（示範）</translation>
    </message>
    <message>
        <source>Demo money: nothing is charged anywhere.</source>
        <translation>示範金額：不會產生任何實際扣款。</translation>
    </message>
    <message>
        <source>Amount ({currency})</source>
        <translation>金額（{currency}）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter an amount above zero, like {example}.</source>
        <translation>請輸入大於零的金額，例如 {example}。</translation>
    </message>
</context>
<context>
    <name>TrustCard</name>
    <message>
        <source>Trusted certificates</source>
        <translation>信任的憑證</translation>
    </message>
    <message>
        <source>Use the system&apos;s store</source>
        <translation>改用系統的憑證存放區</translation>
    </message>
    <message>
        <source>Your server&apos;s own certificate authority: {path}</source>
        <translation>您的伺服器自己的憑證授權單位（CA）：{path}</translation>
    </message>
    <message>
        <source>Pinned certificates: {n}</source>
        <translation>固定的憑證：{n} 個</translation>
    </message>
    <message>
        <source>That file is not there now, so the wallet can&apos;t reach an https:// server. Put it back, or use the system&apos;s store.</source>
        <translation>該檔案現在不在了，所以錢包連不上 https:// 伺服器。請把它放回去，或改用系統的憑證存放區。</translation>
    </message>
    <message>
        <source>That file holds no certificate the wallet can use, so it can&apos;t reach an https:// server. Put your server&apos;s CA file there again, or use the system&apos;s store.</source>
        <translation>該檔案裡沒有錢包能用的憑證，所以連不上 https:// 伺服器。請把您伺服器的 CA 檔案重新放到那裡，或改用系統的憑證存放區。</translation>
    </message>
    <message>
        <source>That file can&apos;t be read now, so the wallet can&apos;t reach an https:// server. Let the wallet read it, or use the system&apos;s store.</source>
        <translation>該檔案現在讀不了，所以錢包連不上 https:// 伺服器。請讓錢包能讀取它，或改用系統的憑證存放區。</translation>
    </message>
</context>
<context>
    <name>TrustCounts</name>
    <message numerus="yes">
        <source>pinned: %n certificate(s)</source>
        <translation>
            <numerusform>已固定憑證：%n 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>only the pinned certificate(s): %n</source>
        <translation>
            <numerusform>只認固定的憑證：%n 個</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WalletWindow</name>
    <message>
        <source>kinpay wallet</source>
        <translation>kinpay 錢包</translation>
    </message>
    <message>
        <source>This is a child&apos;s account. Choose “I&apos;m the child” above.</source>
        <translation>這是孩子的帳戶。請在上方選擇「我是孩子」。</translation>
    </message>
    <message>
        <source>This is a parent&apos;s account. Choose “I&apos;m the parent” above.</source>
        <translation>這是家長的帳戶。請在上方選擇「我是家長」。</translation>
    </message>
    <message>
        <source>kinpay — {name} (parent)</source>
        <translation>kinpay — {name}（家長）</translation>
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
        <translation>刪除</translation>
    </message>
    <message>
        <source>From</source>
        <translation>從</translation>
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
        <translation>+ 新增時段</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>This is not a valid kinpay code.</source>
        <translation>這不是有效的 kinpay 付款碼。</translation>
    </message>
    <message>
        <source>Ask them to show the code again.</source>
        <translation>請顧客重新出示付款碼。</translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation>付款碼已過期。</translation>
    </message>
    <message>
        <source>Ask them to refresh the code.</source>
        <translation>請顧客更新付款碼。</translation>
    </message>
    <message>
        <source>The typed code has expired or is wrong.</source>
        <translation>輸入的付款碼已過期或有誤。</translation>
    </message>
    <message>
        <source>Type the code the tablet shows now.</source>
        <translation>請輸入平板現在顯示的付款碼。</translation>
    </message>
    <message>
        <source>This code was already used.</source>
        <translation>這個付款碼已經用過了。</translation>
    </message>
    <message>
        <source>Ask them to wait for the next code.</source>
        <translation>請顧客等下一個付款碼。</translation>
    </message>
    <message>
        <source>The parent has stopped this allowance.</source>
        <translation>家長已停用這筆零用錢。</translation>
    </message>
    <message>
        <source>Ask for another way to pay.</source>
        <translation>請顧客改用其他方式付款。</translation>
    </message>
    <message>
        <source>The allowance has ended.</source>
        <translation>這筆零用錢已到期。</translation>
    </message>
    <message>
        <source>Ask the parent to renew it.</source>
        <translation>請家長重新開通。</translation>
    </message>
    <message>
        <source>This is more than one payment may be.</source>
        <translation>超過單筆上限。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or ask the parent.</source>
        <translation>請減少金額，或聯絡家長。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or tomorrow.</source>
        <translation>請減少金額，或明天再來。</translation>
    </message>
    <message>
        <source>Ask the parent.</source>
        <translation>請聯絡家長。</translation>
    </message>
    <message>
        <source>The parent&apos;s account is short of money.</source>
        <translation>家長帳戶餘額不足。</translation>
    </message>
    <message>
        <source>Ask the parent to top up.</source>
        <translation>請家長儲值。</translation>
    </message>
    <message>
        <source>The parent doesn&apos;t allow buying this kind of thing.</source>
        <translation>家長不允許購買這類商品。</translation>
    </message>
    <message>
        <source>Remove those items, or ask the parent.</source>
        <translation>請移除這些商品，或聯絡家長。</translation>
    </message>
    <message>
        <source>Alcohol, tobacco and gambling can&apos;t be sold to a child: not with the allowance, nor for cash or by card.</source>
        <translation>酒類、菸草和博弈不能賣給未成年人：不能用零用錢，現金或刷卡也不行。</translation>
    </message>
    <message>
        <source>Take those items out of the sale.</source>
        <translation>請把這些商品從這筆交易中拿掉。</translation>
    </message>
    <message>
        <source>Spending isn&apos;t allowed at this time.</source>
        <translation>目前時段不允許消費。</translation>
    </message>
    <message>
        <source>The allowance is in another currency.</source>
        <translation>零用錢的幣別不同。</translation>
    </message>
    <message>
        <source>Charge in the right currency.</source>
        <translation>請用正確的幣別收款。</translation>
    </message>
    <message>
        <source>Today&apos;s offline allowance is used up.</source>
        <translation>今日離線額度已用完。</translation>
    </message>
    <message>
        <source>Wait until the terminal is back online.</source>
        <translation>請等收銀機恢復連線。</translation>
    </message>
    <message>
        <source>Offline this till takes no allowance payment for alcohol, tobacco or gambling, and this sale holds some: it can&apos;t check the parent&apos;s rules.</source>
        <translation>離線時，本收銀台不收零用錢支付的酒類、菸品或博彩商品，這筆交易裡有這類商品：收銀台無法核對家長設定的規則。</translation>
    </message>
    <message>
        <source>Take those items out of the sale, or ask for another way to pay.</source>
        <translation>請把這些商品從交易中拿掉，或請顧客換一種方式付款。</translation>
    </message>
    <message>
        <source>Offline this till takes no allowance payment: the shop sells alcohol, tobacco or gambling, and the till can&apos;t check the parent&apos;s rules.</source>
        <translation>離線時，本收銀台不收零用錢支付：本店販售酒類、菸品或博彩商品，收銀台無法核對家長設定的規則。</translation>
    </message>
    <message>
        <source>The terminal is offline and can&apos;t check a typed code.</source>
        <translation>收銀機目前離線，無法核對手動輸入的數字碼。</translation>
    </message>
    <message>
        <source>Ask them to show the QR code to the camera.</source>
        <translation>請顧客把 QR 碼對準攝影機。</translation>
    </message>
    <message>
        <source>Scan their QR code with the barcode scanner.</source>
        <translation>請用條碼掃描器掃描顧客的 QR 碼。</translation>
    </message>
    <message>
        <source>The terminal has never reached the server, so it can&apos;t check codes offline.</source>
        <translation>收銀機從未連上伺服器，無法離線核對付款碼。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal&apos;s list of stopped allowances is too old to tell whether this one was stopped.</source>
        <translation>暫停離線收款：這台收銀機的停用名單太舊，無法判斷這筆零用錢是否已被停用。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that {said} was left of this allowance today, and this till has taken {taken} of it offline since: only {limit} is left, so the till can&apos;t take this offline.</source>
        <translation>伺服器上一次回應說這份零用錢今天還剩 {said}，之後本收銀機又離線收了 {taken}：只剩 {limit}，所以收銀機不能離線收這筆款。</translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait until the terminal is online.</source>
        <translation>請顧客改用其他方式付款，或等收銀機恢復連線。</translation>
    </message>
    <message>
        <source>While offline this allowance may pay at most {limit} at a time.</source>
        <translation>離線時，這筆零用錢單次最多只能付 {limit}。</translation>
    </message>
    <message>
        <source>While offline this terminal takes at most {limit} per payment.</source>
        <translation>離線時，這台收銀機單筆最多收 {limit}。</translation>
    </message>
    <message>
        <source>This allowance may pay at most {limit} offline in one day, and today&apos;s offline payments have reached it.</source>
        <translation>這份零用錢一天內離線最多付 {limit}，今天的離線付款已經到了這個金額。</translation>
    </message>
    <message>
        <source>Try a smaller amount.</source>
        <translation>請減少金額。</translation>
    </message>
    <message>
        <source>Remove those items: the parent can&apos;t be asked about them here.</source>
        <translation>請拿掉這些商品：這些不能在這裡詢問家長。</translation>
    </message>
    <message>
        <source>While offline this allowance may not pay this much at a time.</source>
        <translation>離線時，這筆零用錢單次不能付這麼多。</translation>
    </message>
    <message>
        <source>This allowance has reached what it may pay offline in one day.</source>
        <translation>這份零用錢今天的離線付款已經到了一天的上限。</translation>
    </message>
    <message>
        <source>The server holds this till&apos;s offline uploads for a few minutes: too many of them had codes used already or were older than two days. Selling goes on; the rest go up after.</source>
        <translation>伺服器暫停接收本收銀台的離線上傳幾分鐘：其中太多付款碼已用過，或已超過兩天。收款照常進行，其餘的稍後上傳。</translation>
    </message>
    <message>
        <source>it is not a kinpay payment code.</source>
        <translation>這不是 kinpay 付款碼。</translation>
    </message>
    <message>
        <source>its signature does not check out. Don&apos;t take it.</source>
        <translation>簽章核對不符，請勿收取。</translation>
    </message>
    <message>
        <source>the code has expired. Ask them to refresh it.</source>
        <translation>付款碼已過期，請對方重新整理。</translation>
    </message>
    <message>
        <source>the tablet&apos;s pairing has expired. The parent pairs it again.</source>
        <translation>平板的配對已過期，請家長重新配對。</translation>
    </message>
    <message>
        <source>the tablet&apos;s clock is ahead. Check its time.</source>
        <translation>平板的時鐘走快了，請檢查時間。</translation>
    </message>
    <message>
        <source>it was made by an older app. The parent pairs the tablet again.</source>
        <translation>這是舊版應用程式產生的碼，請家長重新配對平板。</translation>
    </message>
    <message>
        <source>the numeric code has a typo. Check the digits.</source>
        <translation>數字碼有誤，請核對數字。</translation>
    </message>
    <message>
        <source>a numeric code has 23 digits. Check the digits.</source>
        <translation>數字碼應為 23 位，請核對數字。</translation>
    </message>
    <message>
        <source>signed by a server key this terminal doesn&apos;t know: it can&apos;t be checked here.</source>
        <translation>由本收銀機不認識的伺服器金鑰簽署，無法在此核驗。</translation>
    </message>
    <message>
        <source>it can&apos;t be read as a code.</source>
        <translation>無法辨識為付款碼。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal&apos;s list of stopped allowances is from {since}, more than {hours} h ago, so it can&apos;t tell whether this one was stopped.</source>
        <translation>暫停離線收款：這台收銀機的停用名單更新於 {since}，已超過 {hours} 小時，無法判斷這筆零用錢是否已被停用。</translation>
    </message>
    <message>
        <source>No offline payments: this terminal has never fetched the list of stopped allowances, so it can&apos;t tell whether this one was stopped.</source>
        <translation>暫停離線收款：這台收銀機從未取得停用名單，無法判斷這筆零用錢是否已被停用。</translation>
    </message>
    <message>
        <source>Try a smaller amount, or wait until the terminal is online.</source>
        <translation>請減少金額，或等收銀機恢復連線。</translation>
    </message>
    <message>
        <source>While offline this terminal doesn&apos;t take this much in one payment.</source>
        <translation>離線時，這台收銀機單筆不收這麼多。</translation>
    </message>
    <message>
        <source>This allowance has reached what this terminal takes offline until it is back online.</source>
        <translation>這筆零用錢已達這台收銀機離線可收的上限，須等恢復連線。</translation>
    </message>
    <message>
        <source>This is more than is left of today&apos;s allowance.</source>
        <translation>超過了今日額度的剩餘部分。</translation>
    </message>
    <message>
        <source>This is more than is left of this month&apos;s allowance.</source>
        <translation>超過了本月額度的剩餘部分。</translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait for the connection.</source>
        <translation>請顧客改用其他方式付款，或等網路恢復。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that only {limit} is left of this allowance today, so the till can&apos;t take this offline.</source>
        <translation>伺服器上一次回應說這份零用錢今天只剩 {limit}，所以收銀機不能離線收這筆款。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer today declined this kind of thing for this allowance: the parent has blocked it, so the till can&apos;t take it offline.</source>
        <translation>伺服器今天上一次回應拒絕了這份零用錢買這類商品：家長不允許，所以收銀機不能離線收這筆款。</translation>
    </message>
    <message>
        <source>The server declined this allowance in the last 30 minutes because spending isn&apos;t allowed at this time, so for now the till takes none of its payments offline.</source>
        <translation>伺服器在過去 30 分鐘內拒絕了這份零用錢：現在這個時段不允許消費，所以收銀機暫時不離線收它的任何款項。</translation>
    </message>
    <message>
        <source>The server&apos;s last answer said that less than this is left of this allowance today.</source>
        <translation>伺服器上一次回應說這份零用錢今天剩下的不到這個金額。</translation>
    </message>
    <message>
        <source>Declined.</source>
        <translation>交易遭拒。</translation>
    </message>
    <message>
        <source>The server doesn&apos;t know this terminal: check its API key in Settings.</source>
        <translation>伺服器不認得這台收銀機：請在「設定」中檢查收銀機金鑰。</translation>
    </message>
    <message>
        <source>This terminal may not do that.</source>
        <translation>這台收銀機沒有這個權限。</translation>
    </message>
    <message>
        <source>The server doesn&apos;t know that payment.</source>
        <translation>伺服器查不到這筆付款。</translation>
    </message>
    <message>
        <source>Too many requests: wait a moment and try again.</source>
        <translation>請求太頻繁：請稍候再試。</translation>
    </message>
    <message>
        <source>The server is busy: try again in a moment.</source>
        <translation>伺服器忙碌中：請稍後再試。</translation>
    </message>
    <message>
        <source>The server had a problem.</source>
        <translation>伺服器發生問題。</translation>
    </message>
    <message>
        <source>This payment can&apos;t be refunded.</source>
        <translation>這筆付款不能退款。</translation>
    </message>
    <message>
        <source>That is more than is left to refund.</source>
        <translation>超過了剩餘可退金額。</translation>
    </message>
    <message>
        <source>This sale was already sent with other details.</source>
        <translation>這筆交易已用不同的內容送出過。</translation>
    </message>
    <message>
        <source>This till could not write the sale to its own records (its disk may be full or read-only, or another till may be using its data folder), so the sale was not sent.</source>
        <translation>本收銀機無法把這筆交易寫入自己的紀錄（磁碟可能已滿或唯讀，或另一台收銀機正在使用它的資料夾），所以交易沒有送出。</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>伺服器拒絕了請求。</translation>
    </message>
    <message>
        <source>{reason} {todo}</source>
        <translation>{reason}{todo}</translation>
    </message>
    <message>
        <source>The server could not use that request.</source>
        <translation>伺服器無法處理這個請求。</translation>
    </message>
    <message>
        <source>Some of what you entered can&apos;t be used. Check it and try again.</source>
        <translation>有些填寫的內容無法使用，請檢查後再試一次。</translation>
    </message>
    <message>
        <source>You are signed out. Sign in again.</source>
        <translation>您已登出，請重新登入。</translation>
    </message>
    <message>
        <source>Your password was changed on another device, which signed you out here. If it wasn&apos;t you, ask the kinpay operator to reset it: that signs everyone out.</source>
        <translation>您的密碼已在另一台裝置上被變更，這台裝置因此已登出。如果不是您本人，請讓 kinpay 營運方重設密碼：所有人都會被登出。</translation>
    </message>
    <message>
        <source>You were signed out everywhere, from another device. Sign in again.</source>
        <translation>已從另一台裝置在所有裝置上登出。請重新登入。</translation>
    </message>
    <message>
        <source>The kinpay operator reset your password. Sign in with the one they gave you, then change it in Settings.</source>
        <translation>kinpay 營運方已重設您的密碼。請用他們給您的密碼登入，然後在「設定」中變更。</translation>
    </message>
    <message>
        <source>This device was signed out from another device of your account. Sign in again.</source>
        <translation>您帳戶的另一台裝置將本裝置登出了。請重新登入。</translation>
    </message>
    <message>
        <source>Your account signed in on more devices than kinpay keeps, so the one unused the longest, this one, was signed out. Sign in again. If that many sign-ins weren&apos;t yours, change your password.</source>
        <translation>您的帳戶登入的裝置超過了 kinpay 保留的數量，所以最久未使用的這台裝置已登出。請重新登入。如果那麼多次登入不是您本人，請變更密碼。</translation>
    </message>
    <message>
        <source>That device is already signed out.</source>
        <translation>那台裝置已經登出了。</translation>
    </message>
    <message>
        <source>This account may not do that.</source>
        <translation>這個帳戶沒有這個權限。</translation>
    </message>
    <message>
        <source>That is no longer there.</source>
        <translation>該內容已不存在。</translation>
    </message>
    <message>
        <source>Too many tries: wait a moment and try again.</source>
        <translation>嘗試次數太多：請稍候再試。</translation>
    </message>
    <message>
        <source>The server had a problem. Try again later.</source>
        <translation>伺服器發生問題，請稍後再試。</translation>
    </message>
    <message>
        <source>That name and password don&apos;t match. Try again.</source>
        <translation>使用者名稱和密碼不符，請再試一次。</translation>
    </message>
    <message>
        <source>That name is taken. Sign in instead, or pick another name.</source>
        <translation>這個使用者名稱已被使用。請直接登入，或換一個名稱。</translation>
    </message>
    <message>
        <source>As many new accounts as an hour allows were made from this network. Try again in an hour, or sign in to an account you have.</source>
        <translation>這個網路一小時內可建立的新帳戶已用完。請一小時後再試，或登入已有的帳戶。</translation>
    </message>
    <message>
        <source>The time zone is not one the server knows.</source>
        <translation>伺服器不認得這個時區。</translation>
    </message>
    <message>
        <source>There is no child&apos;s account with that name. The child signs up first, on their tablet.</source>
        <translation>沒有這個使用者名稱的孩子帳戶。請孩子先在平板上註冊。</translation>
    </message>
    <message>
        <source>There is no parent&apos;s account with that name.</source>
        <translation>沒有這個使用者名稱的家長帳戶。</translation>
    </message>
    <message>
        <source>The end date must be in the future.</source>
        <translation>截止日期必須晚於今天。</translation>
    </message>
    <message>
        <source>The offline amount can&apos;t be more than one payment may be.</source>
        <translation>離線額度不能超過單筆上限。</translation>
    </message>
    <message>
        <source>This child already has as many allowances running as kinpay allows. Stop one before giving another.</source>
        <translation>這個孩子正在使用的零用錢已達到 kinpay 允許的上限。請先停用一個，再給新的。</translation>
    </message>
    <message>
        <source>This allowance is no longer active.</source>
        <translation>這筆零用錢已失效。</translation>
    </message>
    <message>
        <source>This allowance has been stopped.</source>
        <translation>這筆零用錢已被停用。</translation>
    </message>
    <message>
        <source>That pairing code is not right. Check it on the parent&apos;s screen.</source>
        <translation>配對碼不正確。請核對家長螢幕上的配對碼。</translation>
    </message>
    <message>
        <source>That pairing code has expired. Ask for a new one.</source>
        <translation>配對碼已過期，請取得新的配對碼。</translation>
    </message>
    <message>
        <source>The tablet&apos;s key was refused. Try pairing again.</source>
        <translation>平板的金鑰遭拒絕，請重新配對。</translation>
    </message>
    <message>
        <source>There is not enough money in the account.</source>
        <translation>帳戶餘額不足。</translation>
    </message>
    <message>
        <source>That top-up is too large.</source>
        <translation>儲值金額太大。</translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation>金額太大了。</translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation>內容太長了。</translation>
    </message>
    <message>
        <source>That is not your current password. Nothing was changed.</source>
        <translation>目前的密碼不對。沒有做任何變更。</translation>
    </message>
    <message>
        <source>That needs your password. Nothing was changed.</source>
        <translation>這需要您的密碼。什麼都沒有改變。</translation>
    </message>
    <message>
        <source>The server refused that. Try again.</source>
        <translation>伺服器拒絕了這個操作，請再試一次。</translation>
    </message>
    <message>
        <source>This device doesn&apos;t trust the kinpay server&apos;s certificate, so nothing was sent. Check the server&apos;s address in Settings, or ask whoever runs the kinpay server for its CA.</source>
        <translation>這台裝置不信任 kinpay 伺服器的憑證，所以什麼都沒有送出。請檢查「設定」裡的伺服器位址，或向執行 kinpay 伺服器的人要它的 CA 憑證。</translation>
    </message>
    <message>
        <source>Can&apos;t reach the kinpay server. Either this device is off the network, or the server is down. If other apps here can reach the internet, it is the server: wait for its operator to start it again.</source>
        <translation>連不上 kinpay 伺服器：可能是這台裝置沒有連上網路，也可能是伺服器停了。如果這台裝置上的其他應用程式能上網，就是伺服器的問題：請等它的營運方把它重新啟動。</translation>
    </message>
    <message>
        <source>kinpay keeps trying.</source>
        <translation>kinpay 會一直自動重試。</translation>
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
        <translation>{items}，還有{count}樣</translation>
    </message>
    <message>
        <source>Something went wrong. Try again.</source>
        <translation>出了點問題，請再試一次。</translation>
    </message>
</context>
<context>
    <name>Zone</name>
    <message>
        <source>UTC</source>
        <translation>世界標準時間</translation>
    </message>
</context>
</TS>
