"""Chinese for sign-in security: second factor, separation of duties, address lockout."""

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # Roles and separation of duties (三员分立)
    "Security administrator": "安全管理员",
    "Your role may not do this.": "您的角色无权进行此操作。",
    "Only the security administrator gives roles.": "只有安全管理员可以分配角色。",
    "Nobody may change their own role.": "任何人都不能更改自己的角色。",
    "Nobody may reset their own second factor.": "任何人都不能重置自己的第二因素。",
    "The account has been created; the security administrator gives it its role.": (
        "账户已创建；请由安全管理员为其分配角色。"
    ),
    "The role has been saved.": "角色已保存。",
    "The second factor has been removed; the account enrols again at its next sign-in.": (
        "第二因素已移除；该账户下次登录时需重新绑定认证器。"
    ),
    "none yet": "尚未分配",
    "enrolled": "已绑定",
    "required, not yet enrolled": "必须使用，尚未绑定",
    "not enrolled": "未绑定",
    "Reset second factor": "重置第二因素",
    "A county officer is bound to a county, a helper liaison to a helper; other roles to "
    "neither. Nobody may change their own role.": (
        "县扶贫办人员须绑定县，帮扶企业联络人须绑定帮扶主体，其他角色两者都不绑定。"
        "任何人都不能更改自己的角色。"
    ),
    # Lockout per address (password spraying)
    "Too many failed sign-ins from this address: sign-in from here is paused until "
    "%(time)s. If you share this address with colleagues, wait until then or ask the "
    "security administrator.": (
        "此地址登录失败次数过多：在 %(time)s 之前暂停从此地址登录。"
        "如与同事共用此地址，请等到该时间后再试，或联系安全管理员。"
    ),
    "Too many failed sign-ins: signing in from this address is refused until %(time)s.": (
        "登录失败次数过多：在 %(time)s 之前拒绝从此地址登录。"
    ),
    # Second factor
    "Second factor": "第二因素",
    "Verification code": "验证码",
    "Six digits from your authenticator app, or one of your recovery codes.": (
        "认证器 App 显示的 6 位数字，或您的一个恢复码。"
    ),
    "Give your second-factor code on the sign-in page first.": (
        "请先在登录页面输入第二因素验证码。"
    ),
    "This account signs in with a second factor: give the six-digit code from the "
    "authenticator (or a recovery code) in the field otp.": (
        "该账户登录需要第二因素：请在 otp 字段中提供认证器显示的 6 位验证码（或一个恢复码）。"
    ),
    "The second-factor code is not correct.": "第二因素验证码不正确。",
    "This account has no second factor yet: sign in on the website once to enrol an "
    "authenticator, then ask for a token.": (
        "该账户尚未绑定第二因素：请先在网页登录一次并绑定认证器，再申请令牌。"
    ),
    "There is no authenticator waiting to be confirmed.": "没有待确认的认证器。",
    "Enrol an authenticator first.": "请先绑定认证器。",
    "%(n)d recovery codes left: make new ones on your account's security page.": (
        "仅剩 %(n)d 个恢复码：请在账户的“第二因素”页面生成新的恢复码。"
    ),
    "The code is not correct. After a wrong code, wait a few seconds before trying again.": (
        "验证码不正确。输错后请等待几秒再试。"
    ),
    "The code is not correct. Check the time on your phone.": (
        "验证码不正确。请检查手机时间是否准确。"
    ),
    "Enrol an authenticator": "绑定认证器",
    "Your role signs in with a second factor. Enrol an authenticator app on your phone now.": (
        "您的角色登录需要第二因素。请现在在手机上绑定认证器 App。"
    ),
    "QR code for the authenticator app": "认证器 App 的二维码",
    "Open an authenticator app (for example Microsoft Authenticator, Google Authenticator "
    "or FreeOTP) and scan the QR code.": (
        "打开认证器 App（如 Microsoft Authenticator、Google Authenticator 或 FreeOTP），扫描二维码。"
    ),
    "If you cannot scan it, add an account by hand with this key (time-based):": (
        "如无法扫描，可手动添加账户（基于时间），密钥为："
    ),
    "Enter the six-digit code the app shows to confirm.": "输入 App 显示的 6 位验证码以确认。",
    "Make new recovery codes": "生成新的恢复码",
    "Lost your phone? Sign in with a recovery code, then ask the security administrator to "
    "reset your second factor.": ("手机丢失？请用恢复码登录，然后请安全管理员重置您的第二因素。"),
    "Your role signs in with a second factor.": "您的角色登录需要第二因素。",
    "A second factor is optional for your role: once enrolled, every sign-in asks for a "
    "code.": "您的角色可自愿启用第二因素：绑定后每次登录都需输入验证码。",
    "Recovery codes": "恢复码",
    "Write these codes down or print this page and keep them safe: each works once in place "
    "of the authenticator, for example when your phone is lost. They are shown only now.": (
        "请抄下或打印这些恢复码并妥善保管：每个恢复码可代替认证器使用一次（例如手机丢失时）。"
        "恢复码只显示这一次。"
    ),
    "I have kept them: continue": "已妥善保存，继续",
    "Enter the six-digit code your authenticator app shows for this system, or one of your "
    "recovery codes (each works once).": (
        "请输入认证器 App 为本系统显示的 6 位验证码，或您的一个恢复码（每个只能用一次）。"
    ),
    "Verify": "验证",
}

PLURALS: dict[tuple[str, str] | tuple[str, str, str], str] = {
    (
        "An authenticator is enrolled; %(n)s recovery code is left.",
        "An authenticator is enrolled; %(n)s recovery codes are left.",
    ): "已绑定认证器；还剩 %(n)s 个恢复码。",
}
