<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>Activity</name>
    <message>
        <source>the shop&apos;s till couldn&apos;t read a valid code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the code shown was too old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>that code had already been used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you had stopped this spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this spending money had ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over the limit for one payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over today&apos;s limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over this month&apos;s limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your balance was too low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a kind of thing you don&apos;t allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>outside the times you allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in another currency than the spending money&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at {shop}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {amount} left today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · paid offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s payment was declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at {shop} · {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shop} gave back money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for {name}&apos;s purchase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You gave {name} spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You changed {name}&apos;s limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You stopped {name}&apos;s spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActivityPage</name>
    <message>
        <source>Nothing yet. Payments, declines and refunds show up here as they happen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} ({name}) was declined by the server: {reason} The shop was not paid for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An offline payment of {amount} at {time} was declined by the server: {reason} The shop was not paid for it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>Grocery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Food</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snacks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drinks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Books</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stationery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Games</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Electronics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alcohol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tobacco</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gambling</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeScreen</name>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on {date} at {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as of {date}, {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left to spend today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>numeric code {digits}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Hi {name}!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hi!</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending money from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left today: we&apos;ll know when we&apos;re online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left to spend today ({as_of})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out · codes still work
sign in again to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>synced {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline · codes still work
{synced}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmRevoke</name>
    <message>
        <source>Stop spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s tablet stops paying at once; {left} was left for today. Shops that are offline may still accept a small payment until they reconnect. This can&apos;t be undone: to start again, give {name} new spending money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop {name}&apos;s spending money</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approved</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline payment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time window(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DelegateShell</name>
    <message>
        <source>Please sign in first, then pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera found on this tablet. Type the code.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndedPage</name>
    <message>
        <source>I have a new pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This spending money has come to an end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} has paused this spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That&apos;s okay. This tablet can&apos;t pay for things right now. If you need to buy something, please ask {name} — they&apos;ll help you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GrantCard</name>
    <message>
        <source>Tablet paired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not paired yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GrantForm</name>
    <message>
        <source>kinpay may have saved this already. Check the home page before saving again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One payment at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each day at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each month at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the shop is offline, at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One payment can&apos;t be more than the daily limit, and the daily limit can&apos;t be more than the monthly one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount above zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type your child&apos;s kinpay name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick at least one day, and a start time before the end time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This isn&apos;t right. Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount, like {round} or {example}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{currency} has no minor unit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{currency} has {digits} decimals at most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{text}” isn&apos;t an amount. Use digits, like {example}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your child&apos;s kinpay name, e.g. lily</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who is it for?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline payments are checked by the shop alone, so keep that amount small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What may they buy?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anything, except what is ticked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only what is ticked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only on these days, between these times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d MMM yyyy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your child spends from your balance, within the limits you set here. You can change or stop it at any time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change {name}&apos;s limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply from the next payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no child with that kinpay name. Check the spelling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t reach kinpay. Check the network and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick at least one day for each time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Home</name>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to {amount} a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only {categories}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no {categories}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until {date}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline up to {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>Top up (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Give spending money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No spending money given yet. Tap “Give spending money” to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending money</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkWorker</name>
    <message>
        <source>The server refused this terminal: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Starting the camera…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera is set.
Choose one in Settings, or type the code below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t read QR codes on this machine.
No QR decoder is installed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount is locked at {total}. Esc changes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the amount first, then press Charge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the amount, then press Charge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code ready. Press Charge ⏎ to take {total}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Charge ⏎ to take {total}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charging {total}: show the code to the camera, or type the numeric code. Esc changes the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera picture.
{problem}

Choose another camera in Settings, or type the code below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter: {action}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pending sale of {amount} was approved by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pending sale of {amount} was declined by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline payments stopped: the list of stopped allowances is too old. Waiting for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changing the settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Manager</name>
    <message>
        <source>Manager PIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{purpose} needs the manager’s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong tries: wait {seconds} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not the manager’s PIN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PairPage</name>
    <message>
        <source>Pair this tablet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hi {name}! </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hi! </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask your parent to open kinpay and show you the pairing code. Type it here, or hold the tablet&apos;s camera up to their screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pairing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the camera</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pairing</name>
    <message>
        <source>That code didn&apos;t work. Check it with your parent, or ask for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code is too old. Ask your parent for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That spending money has ended. Ask your parent about it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code didn&apos;t work. Check it with your parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please sign in again, then pair.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t reach kinpay right now. Check the Wi-Fi and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay&apos;s answer didn&apos;t make sense to this tablet. Try again, or ask your parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Try again, or ask your parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the pairing code from your parent&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pairing code has no {letters}. Check the code again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pairing code has {length} letters and numbers; this has {count}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pair {name}&apos;s tablet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On {name}&apos;s tablet, sign in as {account} and choose “Use the camera”, then hold it up to this code. Or type the code below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Works once, until {time}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That code has expired. Press Done, then “Pairing code” for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayerShell</name>
    <message>
        <source>Home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}&apos;s tablet is paired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it can pay from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No pairing code: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Couldn&apos;t stop it: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Preview</name>
    <message>
        <source>Starting the camera…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurchaseRow</name>
    <message>
        <source>A shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} · Not paid: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when} · {amount} given back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not paid</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Purchases</name>
    <message>
        <source>the shop couldn&apos;t read your code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the code was too old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>that code was already used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your spending money was stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your spending money had ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than allowed for one payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than is left for today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than is left this month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your parent&apos;s balance was too low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>that kind of thing isn&apos;t allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not allowed at this time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in another currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the shop&apos;s till said no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurchasesPage</name>
    <message>
        <source>← Back to my code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing bought yet. Your purchases will show up here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My purchases</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>APPROVED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DECLINED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APPROVED OFFLINE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT CONFIRMED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DECLINED (OFFLINE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted offline; sent to the server when it answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted offline, settled by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the server yet; the sale is sent again with the same key, never charged twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{quantity} × {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For {delegate}, paid by {payer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay shop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{when}   Terminal {terminal}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thank you · kinpay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt {payment}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Refund</name>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the payment, then refund all of it or type a part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount to refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund this amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes, refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payment today can be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to {amount} can be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a payment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund between {low} and {high}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund {amount} of the {total} payment to {name}? It can&apos;t be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund {amount} of the {total} payment to the customer? It can&apos;t be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the unanswered refund of {amount} again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending the refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded {amount}. Give it back to {name}; the allowance is restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded {amount}. Give it back to the customer; the allowance is restored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The refund is not confirmed. Press Refund again: the same refund is sent with the same key, so it is never paid twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the refund: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted offline, not yet sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed (retrying)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Net takings (approved + queued − refunds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of day {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{merchant} — end of day {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined (offline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the server’s answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{delegate}  ·  paid by {payer}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left today for {name}: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left today: {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (answer repeated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked by this terminal and queued; it is sent to the server when it answers again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from the server yet. The sale is kept and sent again with the same key, so it is never charged twice. Don&apos;t charge again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{refusal} Nothing was charged.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sales</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline · queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{amount} (all)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Screens</name>
    <message>
        <source>Today’s sales</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{sales} · {approved} · net {amount}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of day · {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{payments} of {amount} still wait to be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every offline payment has been sent to the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print (PDF)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Simulated tablet (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set: anyone may refund and change settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beep on a good read, buzz on a refused one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terminal key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline floor limit ({currency})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline payments per allowance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline sum per allowance ({currency})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline only with a list younger than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manager PIN (new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sounds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (applies at the next start)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline, the terminal accepts a payment only below the floor limit, the allowance’s own offline cap, and these per-allowance caps, and only while its list of stopped allowances is younger than the age above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That amount can&apos;t be used: type it like 12.50.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That PIN can&apos;t be used: a manager PIN is {low} to {high} digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address starts with http:// or https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s address, like http://192.168.1.5:8700</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That address is too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address starts with http:// or https://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address needs a host name or IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where your family&apos;s kinpay server runs. Ask whoever set it up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← Back to sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {name} (parent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {name} (child)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies when the app starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. New connections use this address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>Can&apos;t reach the kinpay server. Check the address in Settings and the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something answers at that address, but not a kinpay server. Check it in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in did not work. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Spending money for your family, safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&apos;m the parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&apos;m the child</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create an account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new password needs at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpendBar</name>
    <message>
        <source>{used} of {limit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{spent}  ·  {left} left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>● Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline queue: {count}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not confirmed: {count}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Till</name>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay — {merchant} till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay — till</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOTAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge  ⏎</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After Charge: or type the numeric code, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopUp</name>
    <message>
        <source>A demo top-up is at most {amount}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server doesn&apos;t offer demo money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up failed: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up failed: can&apos;t reach the kinpay server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-up failed. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top up (demo)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo money: nothing is charged anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount ({currency})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter an amount above zero, like {example}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WalletWindow</name>
    <message>
        <source>kinpay wallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a child&apos;s account. Choose “I&apos;m the child” above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a parent&apos;s account. Choose “I&apos;m the parent” above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay — {name} (parent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay — {name}&apos;s tablet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kinpay — tablet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowRow</name>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowsEditor</name>
    <message>
        <source>+ Add a time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>This is not a valid kinpay code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask them to show the code again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code has expired.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask them to refresh the code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This code was already used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask them to wait for the next code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent has stopped this allowance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for another way to pay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The allowance has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the parent to renew it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is more than one payment may be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try a smaller amount, or ask the parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s allowance is used up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try a smaller amount, or tomorrow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This month&apos;s allowance is used up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent&apos;s account is short of money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the parent to top up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The parent doesn&apos;t allow buying this kind of thing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove those items, or ask the parent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spending isn&apos;t allowed at this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The allowance is in another currency.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge in the right currency.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s offline allowance is used up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the terminal is back online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The terminal is offline and can&apos;t check a typed code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask them to show the QR code to the camera.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The terminal has never reached the server, so it can&apos;t check codes offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No offline payments: this terminal&apos;s list of stopped allowances is too old to tell whether this one was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait until the terminal is online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While offline this allowance may not pay this much at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try a smaller amount, or wait until the terminal is online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While offline this terminal doesn&apos;t take this much in one payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This allowance has reached what this terminal takes offline until it is back online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for another way to pay, or wait for the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server doesn&apos;t know this terminal: check its API key in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This terminal may not do that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server doesn&apos;t know that payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many requests: wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server is busy: try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had a problem.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payment can&apos;t be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is more than is left to refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sale was already sent with other details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{reason} {todo}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not use that request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some of what you entered can&apos;t be used. Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are signed out. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account may not do that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is no longer there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many tries: wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had a problem. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That name and password don&apos;t match. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That name is taken. Sign in instead, or pick another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The time zone is not one the server knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no child&apos;s account with that name. The child signs up first, on their tablet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no parent&apos;s account with that name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The end date must be in the future.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The offline amount can&apos;t be more than one payment may be.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This allowance is no longer active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This allowance has been stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That pairing code is not right. Check it on the parent&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That pairing code has expired. Ask for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tablet&apos;s key was refused. Try pairing again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is not enough money in the account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That top-up is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That amount is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused that. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Can&apos;t reach the kinpay server. Check the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
