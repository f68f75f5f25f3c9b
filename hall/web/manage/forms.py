"""Management forms (Flask-WTF: CSRF and first-line validation; the services check the rest)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from hall.models import DayKind, DeviceKind, Role
from hall.timeutil import DEFAULT_TIMEZONE


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms options."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class HallForm(FlaskForm):
    code = StringField(_l("Hall code (in addresses, e.g. qingshan)"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    timezone = StringField(_l("Time zone"), default=DEFAULT_TIMEZONE, validators=[DataRequired(), Length(max=64)])
    manager_username = StringField(_l("First manager's username"), validators=[DataRequired(), Length(max=64)])
    manager_name = StringField(_l("First manager's name"), validators=[DataRequired(), Length(max=64)])
    manager_password = PasswordField(_l("First manager's password"), validators=[DataRequired(), Length(max=256)])


class SettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    address = StringField(_l("Address"), validators=[Length(max=200)])
    timezone = StringField(_l("Time zone"), validators=[DataRequired(), Length(max=64)])
    ticketing_hours = StringField(
        _l("Ticketing hours"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("For example 08:30-12:00,13:30-17:00"),
    )
    notice = TextAreaField(_l("Notice line on the hall screen"), validators=[Length(max=500)])
    max_wait_minutes = IntegerField(_l("Target maximum wait (minutes)"), validators=[NumberRange(5, 480)])
    recall_cap = IntegerField(_l("Recalls allowed per ticket"), validators=[NumberRange(0, 20)])
    enquiry_phone = StringField(_l("Enquiry phone"), validators=[Length(max=40)])
    supervision_phone = StringField(_l("Supervision phone"), validators=[Length(max=40)])
    open_on_non_working_days = BooleanField(_l("Give out tickets on weekends and public holidays too"))
    require_devices = BooleanField(_l("Kiosks and screens must be registered devices"))
    kiosk_identity = SelectField(
        _l("ID card or mobile number at the kiosk"),
        choices=choices(
            [
                ("off", _l("Not asked (anyone may take numbers freely)")),
                ("optional", _l("Asked, may be skipped (one open number per person and service)")),
                ("required", _l("Required (one open number per person and service)")),
            ]
        ),
        default="off",
        description=_l("Only a keyed hash and a masked hint (****1234, 138****5678) are kept, never the full number."),
    )


class DepartmentForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Length(max=100)])
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(0, 999)])


class ServiceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Length(max=100)])
    prefix = StringField(
        _l("Ticket prefix"),
        validators=[DataRequired(), Length(max=2)],
        description=_l("One or two capital letters, e.g. A or SB"),
    )
    description = StringField(_l("Hint on the kiosk"), validators=[Length(max=200)])
    description_en = StringField(_l("Hint in English"), validators=[Length(max=200)])
    departments = CheckboxesField(_l("Departments covered"), coerce=int)
    daily_cap = IntegerField(_l("Daily cap (empty: none)"), validators=[Optional(), NumberRange(1, 9999)])
    ticketing_hours = StringField(_l("Own ticketing hours (empty: the hall's)"), validators=[Length(max=100)])
    green_channel = BooleanField(_l("Green channel offered"), default=True)
    typical_minutes = IntegerField(_l("Typical minutes per resident"), default=8, validators=[NumberRange(1, 240)])
    position = IntegerField(_l("Order on the kiosk"), default=0, validators=[Optional(), NumberRange(0, 999)])
    active = BooleanField(_l("Active (offered at the kiosk)"), default=True)


class MatterForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)], description=_l("e.g. MZ-001"))
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    department_id = SelectField(_l("Department"), choices=[], coerce=int, validate_choice=False)
    kind = SelectField(
        _l("Type"),
        choices=choices(
            [("promised", _l("承诺件 (decided by the department)")), ("immediate", _l("即办件 (on the spot)"))]
        ),
    )
    statutory_days = IntegerField(_l("Statutory limit (working days)"), validators=[Optional(), NumberRange(0, 365)])
    committed_days = IntegerField(
        _l("Committed limit (working days)"), default=5, validators=[Optional(), NumberRange(0, 365)]
    )
    fee = StringField(_l("Fee"), default="免费", validators=[Length(max=100)])
    conditions = TextAreaField(_l("Who may apply"), validators=[Length(max=2000)])
    notes = TextAreaField(_l("Notes for clerks"), validators=[Length(max=2000)])
    position = IntegerField(_l("Order"), default=0, validators=[Optional(), NumberRange(0, 9999)])
    active = BooleanField(_l("Active (can be applied for)"), default=True)


class CounterForm(FlaskForm):
    number = IntegerField(_l("Window number"), validators=[DataRequired(), NumberRange(1, 999)])
    name = StringField(_l("Name"), validators=[Length(max=100)])
    strict_service_order = BooleanField(_l("Strict service order (first service before the second ...)"))
    active = BooleanField(_l("Active"), default=True)


class StaffForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=64)])
    role = SelectField(_l("Role"), choices=[])
    department_id = SelectField(_l("Department (officers)"), choices=[], validate_choice=False)
    windows = CheckboxesField(_l("Windows (none ticked: any window)"), coerce=int)
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password (new accounts)"), validators=[Length(max=256)])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    kind = SelectField(
        _l("Kind"),
        choices=choices(
            [
                (DayKind.HOLIDAY.value, _l("Holiday (closed)")),
                (DayKind.WORKDAY.value, _l("Adjusted workday (open)")),
            ]
        ),
    )
    name = StringField(_l("Name"), validators=[Length(max=60)])


class DeviceForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=choices(
            [
                (DeviceKind.KIOSK.value, _l("Kiosk")),
                (DeviceKind.HALL_DISPLAY.value, _l("Hall screen")),
                (DeviceKind.COUNTER_DISPLAY.value, _l("Window screen")),
                (DeviceKind.RATING_TABLET.value, _l("Rating tablet")),
            ]
        ),
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    counter_id = SelectField(_l("Window (window screens and rating tablets)"), choices=[], validate_choice=False)


class ImportForm(FlaskForm):
    file = FileField(_l("Configuration file (.json)"), validators=[FileRequired()])


class ConfirmImportForm(FlaskForm):
    document = TextAreaField(validators=[DataRequired()])


ROLE_LABELS = {
    Role.ADMIN: _l("County administrator"),
    Role.MANAGER: _l("Manager"),
    Role.CLERK: _l("Clerk"),
    Role.OFFICER: _l("Officer (back office)"),
}
