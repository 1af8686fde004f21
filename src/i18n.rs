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
    GetInvolved,
    GetInvolvedIntro,
    GetInvolvedWith,
    GetInvolvedTeamIntro,
    EveryTeam,
    NothingOpen,
    What,
    When,
    Where,
    Places,
    SignUpBy,
    KindWithTeam,
    UserResearchSession,
    UserGroupMeeting,
    Webinar,
    Consultation,
    UserPanel,
    AllPlacesTaken,
    OnePlaceLeft,
    PlacesLeft,
    SignUp,
    EmailAddress,
    SignUpEmailHint,
    UsingYourEmail,
    SignUpConsent,
    WhichDescribesYou,
    SomethingElse,
    TopicsLabel,
    AccessNeedsLabel,
    AccessNeedsHint,
    MoreWaysWith,
    EnterYourEmail,
    EmailFormat,
    ConfirmConsent,
    SelectDescribesYou,
    KeepShort,
    CheckYourEmail,
    RegisteredBody,
    NoEmailArrived,
    MoreWays,
    CancelTitle,
    CancelBody,
    CancelButton,
    CancelledTitle,
    CancelledBody,
    LinkUsed,
    WaysToGetInvolved,
    PlaceSubject,
    WaitingSubject,
    PromotedSubject,
    PlaceFirst,
    WaitingFirst,
    PromotedFirst,
    LetterWith,
    LetterCancel,
    LetterKeep,
    PrivacyNotice,
    WhoIsResponsible,
    ControllerIs,
    WhatWeCollect,
    AnswersKept,
    EmailKept,
    PageKept,
    SubscriptionsKept,
    RegistrationsKept,
    NeverCollect,
    NeverCollectBody,
    WhyLawfulBasis,
    WhyBody,
    NoLawfulBasis,
    YourRights,
    YourRightsBody,
    KnowSomeone,
    PageIsUseful,
    PageIsNotUseful,
    ReportProblem,
    HelpUsImprove,
    Send,
    EnterWhatYouWereDoing,
    FeedbackThanks,
    ShareLink,
    ShareUntracked,
    ShareByEmail,
    ShareEmailSubject,
    ShareEmailBody,
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
    EngagesWithUsers,
    EngagementAcrossOrganisation,
    Contact,
    WhoOurUsersAre,
    NoGroupsYet,
    ResponsesByGroupAndPeriod,
    ResponsesByGroupFromTo,
    UserGroup,
    AllFour,
    AllGroups,
    ConfidentialNote,
    NotHeardFrom,
    WhatTheyUseFor,
    Use,
    Responses,
    EveryoneWhoAnswered,
    SeveralUses,
    HowWeListen,
    OpenForSignUp,
    SignedUp,
    OpenNow,
    ClosedNow,
    LastTimeAndWhatWeDid,
    WhatWeDid,
    NoPublicActions,
    ReportedHere,
    GapsInTheData,
    NoActionYet,
    AnsweredBy,
    HowQuicklyWeAct,
    MeasuresCaption,
    OrganisationMeasuresCaption,
    OurAims,
    AimsCaption,
    Aim,
    Target,
    Value,
    Outcome,
    AlsoAs,
    And,
    OurTeams,
    TheOrganisation,
    YouSaidWeDid,
    PublishedFooter,
    StatusPlanned,
    StatusInProgress,
    StatusDone,
    StatusCannotDo,
    Ongoing,
    Weekly,
    Monthly,
    Quarterly,
    TwiceAYear,
    Yearly,
    AsNeeded,
    CodedShare,
    ReferredShare,
    ThemesWithAction,
    DaysToFirstAction,
    DaysToDone,
    ActionsOpen,
    ActionsDone,
    ActionsCannotDo,
    DaysToPublication,
    Days,
    ShareOf,
    AtLeast,
    AtMost,
    Met,
    NotMet,
    NothingToMeasure,
}

/// A length of time in words in `lang`: "3 months", "3 mis". Welsh counts with the singular
/// noun, except years (one "flwyddyn", more "blynedd").
pub fn length(len: crate::definitions::Length, lang: Language) -> String {
    use crate::definitions::PeriodUnit;
    match lang {
        Language::En => len.to_string(),
        Language::Cy => {
            let unit = match (len.unit, len.amount) {
                (PeriodUnit::Days, _) => "diwrnod",
                (PeriodUnit::Weeks, _) => "wythnos",
                (PeriodUnit::Months, _) => "mis",
                (PeriodUnit::Years, 1) => "flwyddyn",
                (PeriodUnit::Years, _) => "blynedd",
            };
            format!("{} {unit}", len.amount)
        }
    }
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
        PageIsUseful => ("this page is useful", "mae'r dudalen hon yn ddefnyddiol"),
        PageIsNotUseful => (
            "this page is not useful",
            "nid yw'r dudalen hon yn ddefnyddiol",
        ),
        ReportProblem => (
            "Report a problem with this page",
            "Rhoi gwybod am broblem gyda'r dudalen hon",
        ),
        HelpUsImprove => (
            "Help us improve this page",
            "Helpwch ni i wella'r dudalen hon",
        ),
        Send => ("Send", "Anfon"),
        EnterWhatYouWereDoing => (
            "Tell us what you were trying to do, or what went wrong",
            "Dywedwch wrthym beth oeddech chi'n ceisio ei wneud, neu beth aeth o'i le",
        ),
        FeedbackThanks => ("Thank you for your feedback.", "Diolch am eich adborth."),
        GetInvolved => ("Get involved", "Cymryd rhan"),
        GetInvolvedIntro => (
            "Tell us what you need from our statistics in person: take part in user research, join a user group or panel, come to a webinar or answer a consultation.",
            "Dywedwch wrthym beth sydd ei angen arnoch o'n hystadegau wyneb yn wyneb: cymerwch ran mewn ymchwil defnyddwyr, ymunwch â grŵp neu banel defnyddwyr, dewch i weminar neu atebwch ymgynghoriad.",
        ),
        GetInvolvedWith => ("Get involved with the {team}", "Cymryd rhan gyda'r {team}"),
        GetInvolvedTeamIntro => (
            "Ways to help the {team} make its statistics more useful.",
            "Ffyrdd o helpu'r {team} i wneud ei ystadegau'n fwy defnyddiol.",
        ),
        EveryTeam => ("Every team", "Pob tîm"),
        NothingOpen => (
            "There is nothing open to sign up for at the moment. Please check again later.",
            "Does dim byd ar agor i gofrestru ar hyn o bryd. Edrychwch eto yn nes ymlaen.",
        ),
        What => ("What", "Beth"),
        When => ("When", "Pryd"),
        Where => ("Where", "Ble"),
        Places => ("Places", "Lleoedd"),
        SignUpBy => ("Sign up by", "Cofrestru erbyn"),
        KindWithTeam => ("{kind}, with the {team}", "{kind}, gyda'r {team}"),
        UserResearchSession => ("User research session", "Sesiwn ymchwil defnyddwyr"),
        UserGroupMeeting => ("User group meeting", "Cyfarfod grŵp defnyddwyr"),
        Webinar => ("Webinar", "Gweminar"),
        Consultation => ("Consultation", "Ymgynghoriad"),
        UserPanel => ("User panel", "Panel defnyddwyr"),
        AllPlacesTaken => (
            "Every place is taken: you can join the waiting list",
            "Mae pob lle wedi'i gymryd: gallwch ymuno â'r rhestr aros",
        ),
        OnePlaceLeft => ("1 place left", "1 lle ar ôl"),
        PlacesLeft => ("{n} places left", "{n} o leoedd ar ôl"),
        SignUp => ("Sign up", "Cofrestru"),
        EmailAddress => ("Email address", "Cyfeiriad e-bost"),
        SignUpEmailHint => (
            "We email you to say whether you have a place, with a link to cancel.",
            "Rydym yn anfon e-bost atoch i ddweud a oes gennych le, gyda dolen i ganslo.",
        ),
        UsingYourEmail => (
            "Using your email address",
            "Defnyddio eich cyfeiriad e-bost",
        ),
        SignUpConsent => (
            "The {team} may use my email address to contact me about “{title}”, and deletes it {keep} after registrations close on {closes}.",
            "Caiff y {team} ddefnyddio fy nghyfeiriad e-bost i gysylltu â mi am “{title}”, ac mae'n ei ddileu {keep} ar ôl i'r cofrestru gau ar {closes}.",
        ),
        WhichDescribesYou => (
            "Which of these best describes you?",
            "Pa un o'r rhain sy'n eich disgrifio orau?",
        ),
        SomethingElse => ("Something else", "Rhywbeth arall"),
        TopicsLabel => (
            "What would you like to talk about? (optional)",
            "Am beth yr hoffech chi siarad? (dewisol)",
        ),
        AccessNeedsLabel => (
            "Do you have any access needs we should know about? (optional)",
            "Oes gennych chi unrhyw anghenion mynediad y dylem wybod amdanynt? (dewisol)",
        ),
        AccessNeedsHint => (
            "For example a sign language interpreter, captions, or extra time.",
            "Er enghraifft dehonglydd iaith arwyddion, capsiynau, neu amser ychwanegol.",
        ),
        MoreWaysWith => (
            "More ways to get involved with the {team}",
            "Mwy o ffyrdd o gymryd rhan gyda'r {team}",
        ),
        EnterYourEmail => ("Enter your email address", "Rhowch eich cyfeiriad e-bost"),
        EmailFormat => (
            "Enter an email address in the correct format, like name@example.com",
            "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
        ),
        ConfirmConsent => (
            "Confirm that we may use your email address to contact you about this",
            "Cadarnhewch y cawn ddefnyddio eich cyfeiriad e-bost i gysylltu â chi am hyn",
        ),
        SelectDescribesYou => (
            "Select the option that best describes you",
            "Dewiswch yr opsiwn sy'n eich disgrifio orau",
        ),
        KeepShort => (
            "Keep this to 1,000 characters or fewer",
            "Cadwch hyn i 1,000 o nodau neu lai",
        ),
        CheckYourEmail => ("Check your email", "Gwiriwch eich e-bost"),
        RegisteredBody => (
            "Thank you. We have emailed you to say whether you have a place for “{title}” or are on the waiting list, with a link to cancel if you cannot take part.",
            "Diolch. Rydym wedi anfon e-bost atoch i ddweud a oes gennych le ar gyfer “{title}” neu a ydych ar y rhestr aros, gyda dolen i ganslo os na allwch gymryd rhan.",
        ),
        NoEmailArrived => (
            "If no email arrives within an hour, check your spam folder.",
            "Os na fydd e-bost yn cyrraedd o fewn awr, gwiriwch eich ffolder sbam.",
        ),
        MoreWays => ("More ways to get involved", "Mwy o ffyrdd o gymryd rhan"),
        CancelTitle => ("Cancel your registration", "Canslo eich cofrestriad"),
        CancelBody => (
            "If you cannot take part, cancel so that someone on the waiting list can have your place. We delete your email address when you cancel.",
            "Os na allwch gymryd rhan, canslwch er mwyn i rywun ar y rhestr aros gael eich lle. Rydym yn dileu eich cyfeiriad e-bost pan fyddwch yn canslo.",
        ),
        CancelButton => ("Cancel my registration", "Canslo fy nghofrestriad"),
        CancelledTitle => ("Registration cancelled", "Cofrestriad wedi'i ganslo"),
        CancelledBody => (
            "Your registration is cancelled and your email address deleted. If you had a place, it goes to the first person on the waiting list.",
            "Mae eich cofrestriad wedi'i ganslo a'ch cyfeiriad e-bost wedi'i ddileu. Os oedd gennych le, mae'n mynd i'r person cyntaf ar y rhestr aros.",
        ),
        LinkUsed => (
            "This link has already been used, or it is not one we sent. Nothing has changed.",
            "Mae'r ddolen hon wedi'i defnyddio eisoes, neu nid yw'n un a anfonwyd gennym. Does dim wedi newid.",
        ),
        WaysToGetInvolved => ("Ways to get involved", "Ffyrdd o gymryd rhan"),
        PlaceSubject => ("You have a place: {title}", "Mae gennych le: {title}"),
        WaitingSubject => (
            "You are on the waiting list: {title}",
            "Rydych ar y rhestr aros: {title}",
        ),
        PromotedSubject => (
            "A place has come free for you: {title}",
            "Mae lle wedi dod yn rhydd i chi: {title}",
        ),
        PlaceFirst => (
            "Thank you for signing up. You have a place.",
            "Diolch am gofrestru. Mae gennych le.",
        ),
        WaitingFirst => (
            "Every place is taken, so you are on the waiting list. If a place comes free, it is yours and we will email you.",
            "Mae pob lle wedi'i gymryd, felly rydych ar y rhestr aros. Os daw lle yn rhydd, eich lle chi fydd e a byddwn yn anfon e-bost atoch.",
        ),
        PromotedFirst => (
            "Someone cancelled, so you now have a place.",
            "Mae rhywun wedi canslo, felly mae gennych le nawr.",
        ),
        LetterWith => ("{title}, with the {team}", "{title}, gyda'r {team}"),
        LetterCancel => (
            "If you cannot take part, cancel here so someone else can:",
            "Os na allwch gymryd rhan, canslwch yma er mwyn i rywun arall allu gwneud:",
        ),
        LetterKeep => (
            "We use your email address only to contact you about this, and delete it {keep} after registrations close.",
            "Dim ond i gysylltu â chi am hyn y byddwn yn defnyddio eich cyfeiriad e-bost, ac rydym yn ei ddileu {keep} ar ôl i'r cofrestru gau.",
        ),
        PrivacyNotice => ("Privacy notice", "Hysbysiad preifatrwydd"),
        WhoIsResponsible => (
            "Who is responsible for your data",
            "Pwy sy'n gyfrifol am eich data",
        ),
        ControllerIs => (
            "{org} is the controller of the personal data collected through these pages.",
            "{org} yw rheolydd y data personol a gesglir drwy'r tudalennau hyn.",
        ),
        WhatWeCollect => (
            "What we collect, and how long we keep it",
            "Beth rydym yn ei gasglu, a pha mor hir rydym yn ei gadw",
        ),
        AnswersKept => (
            "Your answers to its questions, kept for {keep}.",
            "Eich atebion i'w gwestiynau, a gedwir am {keep}.",
        ),
        EmailKept => (
            "Your email address, if you give it, kept for {keep} and used only as the form says: “{consent}”",
            "Eich cyfeiriad e-bost, os byddwch yn ei roi, a gedwir am {keep} a'i ddefnyddio dim ond fel y mae'r ffurflen yn ei ddweud: “{consent}”",
        ),
        PageKept => (
            "If you answer it on another website, the address of that page, never the rest of the link.",
            "Os byddwch yn ei ateb ar wefan arall, cyfeiriad y dudalen honno, byth weddill y ddolen.",
        ),
        SubscriptionsKept => (
            "Emails about publications: if you subscribe, we keep your email address until you unsubscribe; a subscription you do not confirm is deleted after 48 hours.",
            "E-byst am gyhoeddiadau: os byddwch yn tanysgrifio, rydym yn cadw eich cyfeiriad e-bost nes i chi ddad-danysgrifio; caiff tanysgrifiad nad ydych yn ei gadarnhau ei ddileu ar ôl 48 awr.",
        ),
        RegistrationsKept => (
            "Ways to get involved: if you sign up, we keep your email address, what you tell us and any access needs until you cancel, or for the time each opportunity states after its registrations close.",
            "Ffyrdd o gymryd rhan: os byddwch yn cofrestru, rydym yn cadw eich cyfeiriad e-bost, yr hyn rydych yn ei ddweud wrthym ac unrhyw anghenion mynediad nes i chi ganslo, neu am yr amser a nodir gan bob cyfle ar ôl i'r cofrestru gau.",
        ),
        NeverCollect => ("What we never collect", "Beth nad ydym byth yn ei gasglu"),
        NeverCollectBody => (
            "These pages set no cookies, do not store your IP address and load nothing from other websites.",
            "Nid yw'r tudalennau hyn yn gosod cwcis, nid ydynt yn storio eich cyfeiriad IP ac nid ydynt yn llwytho dim o wefannau eraill.",
        ),
        WhyLawfulBasis => (
            "Why we collect it, and the lawful basis",
            "Pam rydym yn ei gasglu, a'r sail gyfreithlon",
        ),
        WhyBody => (
            "We ask so that we can improve our statistics, and we publish what users told us, with small counts withheld, and what we did about it.",
            "Rydym yn gofyn er mwyn gwella ein hystadegau, ac rydym yn cyhoeddi beth ddywedodd defnyddwyr wrthym, gan ddal cyfrifon bach yn ôl, a beth wnaethom amdano.",
        ),
        NoLawfulBasis => (
            "The organisation has not stated its lawful basis on this page: ask the contact below.",
            "Nid yw'r sefydliad wedi nodi ei sail gyfreithlon ar y dudalen hon: gofynnwch i'r cyswllt isod.",
        ),
        YourRights => (
            "Your rights, and how to ask for deletion",
            "Eich hawliau, a sut i ofyn am ddileu",
        ),
        YourRightsBody => (
            "You can ask to see, correct or delete the personal data we hold about you. Tell us your email address and we delete it everywhere it is kept: the contact details given with survey answers, subscriptions and registrations.",
            "Gallwch ofyn am weld, cywiro neu ddileu'r data personol sydd gennym amdanoch. Dywedwch wrthym beth yw eich cyfeiriad e-bost a byddwn yn ei ddileu ym mhob man y caiff ei gadw: y manylion cyswllt a roddwyd gydag atebion arolwg, tanysgrifiadau a chofrestriadau.",
        ),
        KnowSomeone => (
            "Know someone else who uses these statistics?",
            "Ydych chi'n adnabod rhywun arall sy'n defnyddio'r ystadegau hyn?",
        ),
        ShareLink => (
            "Send them this link, so we hear from them too:",
            "Anfonwch y ddolen hon atyn nhw, er mwyn i ni glywed ganddyn nhw hefyd:",
        ),
        ShareUntracked => (
            "The link does not say who shared it.",
            "Nid yw'r ddolen yn dweud pwy a'i rhannodd.",
        ),
        ShareByEmail => ("Email them the link", "Anfon y ddolen atyn nhw mewn e-bost"),
        ShareEmailSubject => ("Have your say: {title}", "Dweud eich dweud: {title}"),
        ShareEmailBody => (
            "I answered this survey and thought you might want to as well. It asks people who use these statistics what they think: {link}",
            "Atebais yr arolwg hwn a meddwl y byddech chi am wneud hefyd. Mae'n gofyn i bobl sy'n defnyddio'r ystadegau hyn beth yw eu barn: {link}",
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
        EngagesWithUsers => (
            "How {name} engages with users",
            "Sut mae {name} yn ymgysylltu â defnyddwyr",
        ),
        EngagementAcrossOrganisation => (
            "Engagement across the organisation",
            "Ymgysylltu ar draws y sefydliad",
        ),
        Contact => ("Contact:", "Cysylltu:"),
        WhoOurUsersAre => ("Who our users are", "Pwy yw ein defnyddwyr"),
        NoGroupsYet => (
            "We have not yet said which groups of users we expect to hear from.",
            "Nid ydym wedi dweud eto pa grwpiau o ddefnyddwyr rydym yn disgwyl clywed ganddynt.",
        ),
        ResponsesByGroupAndPeriod => (
            "Responses by user group and period",
            "Ymatebion fesul grŵp defnyddwyr a chyfnod",
        ),
        ResponsesByGroupFromTo => (
            "Responses by user group, {first} to {last}",
            "Ymatebion fesul grŵp defnyddwyr: {first} – {last}",
        ),
        UserGroup => ("User group", "Grŵp defnyddwyr"),
        AllFour => ("All four", "Y pedwar"),
        AllGroups => ("All groups", "Pob grŵp"),
        ConfidentialNote => (
            "[c] confidential: fewer than {n} responses, or a figure that would let one be worked out.",
            "[c] cyfrinachol: llai na {n} ymateb, neu ffigur a fyddai'n caniatáu cyfrifo un.",
        ),
        NotHeardFrom => ("We have not heard from:", "Nid ydym wedi clywed gan:"),
        WhatTheyUseFor => (
            "What they use our statistics for",
            "At beth y maent yn defnyddio ein hystadegau",
        ),
        Use => ("Use", "Defnydd"),
        Responses => ("Responses", "Ymatebion"),
        EveryoneWhoAnswered => (
            "Everyone who answered the survey",
            "Pawb a atebodd yr arolwg",
        ),
        SeveralUses => (
            "Over the same four periods; a person may give several uses.",
            "Dros yr un pedwar cyfnod; gall unigolyn roi sawl defnydd.",
        ),
        HowWeListen => ("How we listen", "Sut rydym yn gwrando"),
        OpenForSignUp => ("open for sign-up", "ar agor i gofrestru"),
        SignedUp => ("people signed up", "pobl wedi cofrestru"),
        OpenNow => ("open now", "ar agor nawr"),
        ClosedNow => ("closed", "wedi cau"),
        LastTimeAndWhatWeDid => (
            "what users said last time, and what we did",
            "beth ddywedodd defnyddwyr y tro diwethaf, a beth wnaethom ni",
        ),
        WhatWeDid => ("What we did", "Beth wnaethom ni"),
        NoPublicActions => (
            "No public actions yet.",
            "Dim camau gweithredu cyhoeddus eto.",
        ),
        ReportedHere => ("reported here", "adroddir yma"),
        GapsInTheData => (
            "Gaps in the data you told us about",
            "Bylchau yn y data y dywedoch wrthym amdanynt",
        ),
        NoActionYet => ("no action yet", "dim cam gweithredu eto"),
        AnsweredBy => ("answered by", "atebwyd gan"),
        HowQuicklyWeAct => (
            "How quickly we act, {period}",
            "Pa mor gyflym rydym yn gweithredu, {period}",
        ),
        MeasuresCaption => (
            "Measures of how well we close the loop",
            "Mesurau o ba mor dda rydym yn cau'r cylch",
        ),
        OrganisationMeasuresCaption => (
            "Measures of how well the organisation closes the loop",
            "Mesurau o ba mor dda mae'r sefydliad yn cau'r cylch",
        ),
        OurAims => ("Our aims, {period}", "Ein nodau, {period}"),
        AimsCaption => ("Each aim against its target", "Pob nod yn erbyn ei darged"),
        Aim => ("Aim", "Nod"),
        Target => ("Target", "Targed"),
        Value => ("Value", "Gwerth"),
        Outcome => ("Result", "Canlyniad"),
        AlsoAs => ("Also as", "Hefyd fel"),
        And => ("and", "a"),
        OurTeams => ("Our teams", "Ein timau"),
        TheOrganisation => ("the organisation", "y sefydliad"),
        YouSaidWeDid => ("You said, we did", "Dywedoch chi, gwnaethom ni"),
        PublishedFooter => (
            "This page sets no cookies and needs no JavaScript. Figures are published by the team that runs the survey.",
            "Nid yw'r dudalen hon yn gosod cwcis ac nid oes angen JavaScript arni. Cyhoeddir y ffigurau gan y tîm sy'n cynnal yr arolwg.",
        ),
        StatusPlanned => ("Planned", "Wedi'i gynllunio"),
        StatusInProgress => ("In progress", "Ar y gweill"),
        StatusDone => ("Done", "Wedi'i wneud"),
        StatusCannotDo => ("Cannot do", "Methu ei wneud"),
        Ongoing => ("Ongoing", "Parhaus"),
        Weekly => ("Every week", "Bob wythnos"),
        Monthly => ("Every month", "Bob mis"),
        Quarterly => ("Every quarter", "Bob chwarter"),
        TwiceAYear => ("Twice a year", "Ddwywaith y flwyddyn"),
        Yearly => ("Every year", "Bob blwyddyn"),
        AsNeeded => ("When needed", "Pan fo angen"),
        CodedShare => (
            "Comments coded into a theme",
            "Sylwadau wedi'u codio i thema",
        ),
        ReferredShare => (
            "Responses through a link another user shared",
            "Ymatebion drwy ddolen a rannwyd gan ddefnyddiwr arall",
        ),
        ThemesWithAction => (
            "Themes with comments that have an action",
            "Themâu â sylwadau sydd â cham gweithredu",
        ),
        DaysToFirstAction => (
            "Median time from a theme's first comment to its first action",
            "Amser canolrif o sylw cyntaf thema i'w cham gweithredu cyntaf",
        ),
        DaysToDone => (
            "Median time from an action's creation to done",
            "Amser canolrif o greu cam gweithredu i'w gwblhau",
        ),
        ActionsOpen => ("Actions open", "Camau gweithredu ar agor"),
        ActionsDone => ("Actions done", "Camau gweithredu wedi'u gwneud"),
        ActionsCannotDo => (
            "Actions we cannot do",
            "Camau gweithredu na allwn eu gwneud",
        ),
        DaysToPublication => (
            "Time from the end of the period to publication",
            "Amser o ddiwedd y cyfnod i'r cyhoeddiad",
        ),
        Days => ("{n} days", "{n} diwrnod"),
        ShareOf => (
            "{percent}% ({part} of {whole})",
            "{percent}% ({part} o {whole})",
        ),
        AtLeast => ("at least", "o leiaf"),
        AtMost => ("at most", "ar y mwyaf"),
        Met => ("Met", "Wedi'i gyrraedd"),
        NotMet => ("Not met", "Heb ei gyrraedd"),
        NothingToMeasure => ("Nothing to measure yet", "Dim i'w fesur eto"),
    };
    match lang {
        Language::En => en,
        Language::Cy => cy,
    }
}

/// The text of `msg` in `lang` with each `{name}` replaced by its value, in one pass, so a
/// value that itself holds braces is left as written.
pub fn fill(lang: Language, msg: Msg, values: &[(&str, &str)]) -> String {
    let mut out = String::new();
    let mut rest = t(lang, msg);
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let found = after.find('}').and_then(|close| {
            let name = after.get(1..close)?;
            let value = values.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match found {
            Some((value, close)) => {
                out.push_str(value);
                rest = after.get(close.saturating_add(1)..).unwrap_or_default();
            }
            None => {
                out.push('{');
                rest = after.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_each_name_once_and_leaves_braces_in_values_alone() {
        let text = fill(
            Language::Cy,
            Msg::ShareOf,
            &[("percent", "75"), ("part", "{whole}"), ("whole", "4")],
        );
        assert_eq!(text, "75% ({whole} o 4)");
        assert_eq!(fill(Language::En, Msg::Days, &[]), "{n} days");
    }
}
