//! The service's own words, in English and Welsh. Producers write survey text; this file
//! holds everything else a respondent reads (buttons, errors, page furniture).

use crate::definitions::Language;

/// A fixed piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Submit,
    Optional,
    Yes,
    No,
    Other,
    OtherSpecify,
    ThereIsAProblem,
    ErrorPrefix,
    SelectAnswer,
    EnterAnswer,
    SelectOneOfTheOptions,
    SelectOnlyOne,
    EnterOther,
    EnterNumber,
    EnterWholeNumber,
    EnterEmail,
    UnknownQuestion,
    WrongType,
    InvalidText,
    ThankYouTitle,
    ThankYouBody,
    ReadLatestPublication,
    SubscribeToPublications,
    ClosedTitle,
    ClosedBody,
    NotFoundTitle,
    NotFoundBody,
    Unavailable,
    TooManyRequests,
    TooLarge,
    Privacy,
    SkipLink,
    LeaveBlank,
    SelectAllThatApply,
    CharactersLimit,
    ServiceName,
}

/// The text of `msg` in `lang`.
pub fn t(lang: Language, msg: Msg) -> &'static str {
    use Msg::*;
    let (en, cy) = match msg {
        Submit => ("Submit", "Anfon"),
        Optional => ("(optional)", "(dewisol)"),
        Yes => ("Yes", "Ie"),
        No => ("No", "Na"),
        Other => ("Other", "Arall"),
        OtherSpecify => ("Please specify", "Nodwch"),
        ThereIsAProblem => ("There is a problem", "Mae problem wedi codi"),
        ErrorPrefix => ("Error:", "Gwall:"),
        SelectAnswer => ("Select an answer", "Dewiswch ateb"),
        EnterAnswer => ("Enter an answer", "Rhowch ateb"),
        SelectOneOfTheOptions => (
            "Select one of the options given",
            "Dewiswch un o'r opsiynau a roddwyd",
        ),
        SelectOnlyOne => ("Select only one answer", "Dewiswch un ateb yn unig"),
        EnterOther => (
            "Enter what ‘Other’ means for you",
            "Rhowch beth mae ‘Arall’ yn ei olygu i chi",
        ),
        EnterNumber => ("Enter a number", "Rhowch rif"),
        EnterWholeNumber => ("Enter a whole number", "Rhowch rif cyfan"),
        EnterEmail => (
            "Enter an email address in the correct format, like name@example.com",
            "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
        ),
        UnknownQuestion => (
            "This survey has no question with this id",
            "Nid oes gan yr arolwg hwn gwestiwn gyda'r id hwn",
        ),
        WrongType => (
            "This answer is not of the right type for the question",
            "Nid yw'r ateb hwn o'r math cywir ar gyfer y cwestiwn",
        ),
        InvalidText => (
            "Remove the character that cannot be saved (NUL, %00) from this answer",
            "Tynnwch y nod na ellir ei gadw (NUL, %00) o'r ateb hwn",
        ),
        ThankYouTitle => ("Thank you", "Diolch"),
        ThankYouBody => (
            "Your answers have been saved.",
            "Mae eich atebion wedi'u cadw.",
        ),
        ReadLatestPublication => (
            "Read what people told us last time, and what we did about it",
            "Darllenwch beth ddywedodd pobl wrthym y tro diwethaf, a beth wnaethom ni amdano",
        ),
        SubscribeToPublications => (
            "Get an email when we publish the next summary",
            "Cael e-bost pan fyddwn yn cyhoeddi'r crynodeb nesaf",
        ),
        ClosedTitle => ("This survey has closed", "Mae'r arolwg hwn wedi cau"),
        ClosedBody => (
            "This survey is no longer taking answers. Thank you for your interest.",
            "Nid yw'r arolwg hwn yn derbyn atebion mwyach. Diolch am eich diddordeb.",
        ),
        NotFoundTitle => ("Page not found", "Heb ddod o hyd i'r dudalen"),
        NotFoundBody => (
            "There is no survey at this address. Check the link you followed.",
            "Nid oes arolwg yn y cyfeiriad hwn. Gwiriwch y ddolen a ddilynwyd gennych.",
        ),
        Unavailable => (
            "Sorry, we could not save your answers just now. Please try again in a minute; your answers are still on this page.",
            "Mae'n ddrwg gennym, ni allem gadw eich atebion ar hyn o bryd. Rhowch gynnig arall arni ymhen munud; mae eich atebion yn dal ar y dudalen hon.",
        ),
        TooManyRequests => (
            "You have sent a lot of answers in a short time. Please wait a minute and try again.",
            "Rydych wedi anfon llawer o atebion mewn amser byr. Arhoswch funud a rhowch gynnig arall arni.",
        ),
        TooLarge => (
            "Your answers are too long to send. Shorten your longest answer and try again.",
            "Mae eich atebion yn rhy hir i'w hanfon. Byrhewch eich ateb hiraf a rhowch gynnig arall arni.",
        ),
        Privacy => (
            "This survey sets no cookies and does not store your IP address.",
            "Nid yw'r arolwg hwn yn gosod cwcis nac yn storio eich cyfeiriad IP.",
        ),
        SkipLink => ("Skip to main content", "Neidio i'r prif gynnwys"),
        LeaveBlank => ("Leave this field blank", "Gadewch y maes hwn yn wag"),
        SelectAllThatApply => ("Select all that apply.", "Dewiswch bob un sy'n berthnasol."),
        CharactersLimit => ("characters at most", "nod ar y mwyaf"),
        ServiceName => ("User feedback", "Adborth defnyddwyr"),
    };
    match lang {
        Language::En => en,
        Language::Cy => cy,
    }
}
