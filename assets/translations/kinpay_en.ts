<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CodeScreen</name>
    <message numerus="yes">
        <source>New code in %n second(s)</source>
        <translation>
            <numerusform>New code in %n second</numerusform>
            <numerusform>New code in %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n sale</numerusform>
            <numerusform>%n sales</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n approved</source>
        <translation>
            <numerusform>%n approved</numerusform>
            <numerusform>%n approved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n offline payment(s)</source>
        <translation>
            <numerusform>%n offline payment</numerusform>
            <numerusform>%n offline payments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time window(s)</source>
        <translation>
            <numerusform>%n time window</numerusform>
            <numerusform>%n time windows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n minute</numerusform>
            <numerusform>%n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s)</source>
        <translation>
            <numerusform>%n payment</numerusform>
            <numerusform>%n payments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message numerus="yes">
        <source>Show %n more stopped or ended</source>
        <translation>
            <numerusform>Show %n more stopped or ended</numerusform>
            <numerusform>Show %n more stopped or ended</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrustCounts</name>
    <message numerus="yes">
        <source>pinned: %n certificate(s)</source>
        <translation>
            <numerusform>pinned: %n certificate</numerusform>
            <numerusform>pinned: %n certificates</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>only the pinned certificate(s): %n</source>
        <translation>
            <numerusform>only the pinned certificate: %n</numerusform>
            <numerusform>only the pinned certificates: %n</numerusform>
        </translation>
    </message>
</context>
</TS>
