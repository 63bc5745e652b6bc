"""The wallet's remote control for `kinpay demo` (see kinpay.control).

Each command does what a person does in the window, through the same widgets, and waits
(boundedly) for what the window then shows. Nothing here decides anything: it clicks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kinpay.control import ControlError, ControlServer, Marshal, column, commands_of
from kinpay.money import format_minor
from wallet_app.payer.dialogs import ConfirmSecondGrant

if TYPE_CHECKING:
    from wallet_app.app import WalletWindow


def place(window: WalletWindow, spec: str) -> None:
    """`--place I/N`: the window takes column I of N on the screen."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    rect = column(spec, (area.x(), area.y(), area.width(), area.height()))
    if rect is not None:
        window.setGeometry(*rect)


class WalletRemote:
    def __init__(self, window: WalletWindow, path: Path) -> None:
        self.window = window
        self.gui = Marshal(lambda fn: QTimer.singleShot(0, window, fn))
        self.server = ControlServer(path, commands_of(self)).start()
        window.destroyed.connect(lambda *_: self.server.stop())

    # --- any role --------------------------------------------------------------------------

    def cmd_ping(self) -> str:
        return "pong"

    def cmd_screenshot(self, path: str) -> str:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        if not self.gui.call(lambda: self.window.grab().save(path)):
            raise ControlError(f"could not save {path}")
        return path

    def cmd_sign_in(self, name: str, password: str, role: str) -> str | None:
        """Sign in as a person would on the window's sign-in page: the role when signed in,
        None when the server refused it (the page shows why and waits for a person: the
        demo's saved password changed in the app, say)."""
        def fill() -> None:
            page = self.window.sign_in
            (page.delegate if role == "delegate" else page.payer).click()
            page.name.setText(name)
            page.password.setText(password)
            page.sign_in.click()

        w = self.window

        def signed_in() -> bool:
            # A tablet that opened on its code from the device file alone has no session
            # yet: it signs in too, or it would never hear of payments or a revocation.
            if role == "payer":
                return w.payer is not None
            return w.delegate is not None and w.delegate.token is not None

        def refused() -> bool:
            page = w.sign_in
            return (w.stack.currentWidget() is page and page.error.isVisible()
                    and page.sign_in.isEnabled())

        if not self.gui.call(signed_in):
            self.gui.call(fill)
        self.gui.wait_until("the signed-in window, or the sign-in refused",
                            lambda: signed_in() or refused())
        return role if self.gui.call(signed_in) else None

    def cmd_state(self) -> dict[str, Any]:
        def read() -> dict[str, Any]:
            w = self.window
            if w.delegate is not None:
                d = w.delegate
                pages: list[tuple[QWidget, str]] = [
                    (d.pair_page, "pair"), (d.code_screen, "code"),
                    (d.purchases_page, "purchases"), (d.ended_page, "revoked")]
                page = d.stack.currentWidget()
                screen = next((name for widget, name in pages if widget is page), "?")
                return {"role": "delegate", "screen": screen}
            if w.payer is not None:
                return {"role": "payer", "screen": type(w.payer.stack.currentWidget()).__name__}
            return {"role": None, "screen": "sign_in"}

        result: dict[str, Any] = self.gui.call(read)
        return result

    def cmd_quit(self) -> str:
        self.gui.call(self.window.close)
        return "bye"

    # --- the payer ---------------------------------------------------------------------------

    def cmd_create_grant(
        self,
        delegate: str,
        per_payment: int,
        daily: int,
        monthly: int,
        blocked: list[str],
        offline_cap: int,
        currency: str = "CNY",
    ) -> dict[str, Any]:
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")
        shell.last_created = None

        def fill() -> None:
            shell.home.new_grant.click()
            form = shell.form
            form.delegate.setText(delegate)
            form.currency.setCurrentText(currency)
            amounts = {"per_payment": per_payment, "daily": daily, "monthly": monthly,
                       "offline_cap": offline_cap}
            for key, minor in amounts.items():
                form.amounts[key].setText(format_minor(minor, currency, symbol=False))
            form.mode_blocked.setChecked(True)
            for cat, box in form.category_boxes.items():
                box.setChecked(cat in blocked)
            shell.dialog = None
            form.save.click()
            if isinstance(shell.dialog, ConfirmSecondGrant):
                shell.dialog.second.click()  # asked for: a second allowance for this child

        self.gui.call(fill)
        created = self.gui.wait_until("the pairing code", lambda: shell.last_created)
        return {"grant_id": created.id, "pairing_code": created.pairing_code,
                "spent_today": created.spending.today}

    def cmd_revoke(self, grant_id: str) -> str:
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")

        def ask() -> None:
            shell.go_home()
            shell.confirm_revoke(grant_id)

        self.gui.call(ask)
        dialog = self.gui.wait_until("the confirmation", lambda: shell.dialog)
        self.gui.call(dialog.accept)

        def revoked() -> bool:
            latest = shell.session.latest
            return latest is not None and any(
                g.id == grant_id and g.status == "revoked" for g in latest.grants
            )

        self.gui.wait_until("the revoked grant on the home screen", revoked)
        return "revoked"

    def cmd_show(self, page: str) -> str:
        """The payer's home or activity page, as the tabs at the top show them; the child's
        code or purchases screen, as the buttons under the code show them."""
        child = self.window.delegate
        if child is not None:
            screens = {"code": child.show_code, "purchases": child.show_purchases}
            if page not in screens:
                raise ControlError(f"no screen {page!r}")
            self.gui.call(screens[page])
            return page
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")
        pages = {"home": shell.go_home, "activity": shell.show_activity}
        if page not in pages:
            raise ControlError(f"no page {page!r}")
        self.gui.call(pages[page])
        return page

    def cmd_purchases(self) -> list[str]:
        """What the child's purchases screen shows, one text per purchase."""
        from PySide6.QtWidgets import QLabel

        child = self.window.delegate
        if child is None:
            raise ControlError("the child is not signed in")
        page = child.purchases_page

        def read() -> list[str]:
            from wallet_app.delegate.pages import PurchaseRow

            return [" | ".join(lbl.text() for lbl in row.findChildren(QLabel))
                    for row in page.findChildren(PurchaseRow)]

        found: list[str] = self.gui.call(read)
        return found

    def cmd_activity(self) -> list[dict[str, str]]:
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")
        lines = self.gui.call(lambda: list(shell.activity.lines))
        return [{"key": ln.key, "title": ln.title, "detail": ln.detail, "amount": ln.amount}
                for ln in lines]

    def cmd_approvals(self) -> list[dict[str, Any]]:
        """The questions from the till open on the payer's screen, newest first."""
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")

        def read() -> list[dict[str, Any]]:
            return [{"id": c.approval.id, "question": c.title.text(), "why": c.why.text(),
                     "left": c.left.text()}
                    for c in reversed(shell.approvals.panel.cards.values())]

        found: list[dict[str, Any]] = self.gui.call(read)
        return found

    def cmd_answer(self, allow: bool, approval_id: str | None = None,
                   timeout_s: float = 10.0) -> dict[str, Any]:
        """Click "Allow this once" or "Say no" on a question (the newest if none named)."""
        shell = self.window.payer
        if shell is None:
            raise ControlError("the payer is not signed in")

        def click() -> str:
            cards = shell.approvals.panel.cards
            card = cards.get(approval_id) if approval_id else next(reversed(cards.values()),
                                                                   None)
            if card is None:
                raise ControlError("no question from the till on screen")
            (card.allow if allow else card.refuse).click()
            return card.approval.id

        answered = self.gui.call(click)
        self.gui.wait_until("the answer to go through",
                            lambda: answered not in shell.approvals.panel.cards, timeout_s)
        status = self.gui.call(lambda: shell.approvals.known[answered].status)
        return {"id": answered, "status": status}

    # --- the delegate ------------------------------------------------------------------------

    def cmd_asking(self) -> dict[str, Any]:
        """What the tablet says about a question to the parent (issue 15 §1)."""
        shell = self.window.delegate
        if shell is None:
            raise ControlError("the delegate is not signed in")
        banner = shell.asking
        shown: dict[str, Any] = self.gui.call(lambda: {
            "visible": banner.isVisible(), "title": banner.title.text(),
            "line": banner.line.text()})
        return shown

    def cmd_pair(self, code: str) -> str:
        shell = self.window.delegate
        if shell is None:
            raise ControlError("the delegate is not signed in")

        def type_it() -> None:
            if shell.stack.currentWidget() is not shell.pair_page:
                shell.show_pairing()
            shell.pair_page.code_edit.setText(code)
            shell.pair_page.pair_button.click()

        self.gui.call(type_it)
        self.gui.wait_until(
            "the code screen", lambda: shell.stack.currentWidget() is shell.code_screen
        )
        return "paired"

    def cmd_new_code(self) -> dict[str, Any]:
        shell = self.window.delegate
        if shell is None:
            raise ControlError("the delegate is not signed in")
        before = self.cmd_current_code().get("code")
        self.gui.call(shell.code_screen.new_code_button.click)
        self.gui.wait_until("a new code", lambda: self.cmd_current_code().get("code") != before)
        return self.cmd_current_code()

    def cmd_current_code(self) -> dict[str, Any]:
        path = self.window.folder.code_path
        try:
            data: dict[str, Any] = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise ControlError(f"no code on screen: {exc}") from exc
        return data
