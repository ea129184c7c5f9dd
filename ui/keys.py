"""Every session-state key the UI uses, in one place; page-local keys carry their page's prefix.

Widget keys of the wizard are versioned (`binding.widget_key`): to re-seed widgets from the draft,
the version moves on and new widgets appear, instead of deleting keys one by one.
"""

from __future__ import annotations

# ---- the draft and its widgets ------------------------------------------------------------------
DRAFT = "draft"
"""The one canonical draft of this tab: a key no widget owns."""
DRAFT_NOTICE = "draft_notice"
DRAFT_UNREADABLE = "draft_unreadable"
"""The raw text of a saved draft that could not be opened, shown once with its message."""
DRAFT_VERSION = "draft_version"
"""The stored version this tab's draft was read or last saved at (0: not stored yet)."""
DRAFT_CONTENT = "draft_content"
"""A digest of the stored content at DRAFT_VERSION: a save refused because the version moved
on is no conflict when only the name did (a rename on Drafts in another tab)."""
DRAFT_CONFLICT = "draft_conflict"
"""Set when another tab saved the same draft first: this tab's saves wait for a choice."""
WIDGET_VERSIONS = "widget_versions"
"""Group -> version of the wizard's widget keys (see binding.refresh)."""
WIDGET_PREFIX = "cfg_"
TOO_LONG_TEXT = "too_long_text"
"""Text typed into a wizard field that was too long for the draft, by widget name: kept for the
field when it is drawn again (Streamlit drops a hidden widget's state) and listed as a problem."""

# ---- Configure: import panel, submit ------------------------------------------------------------
IMPORT_TEXT = "import_text"
IMPORT_FILE = "import_file"
IMPORT_SOURCE = "import_source"
IMPORT_REPORT = "import_report"
IMPORT_DISMISS = "import_dismiss"
IMPORT_PENDING = "import_pending"
"""An import waiting for the user's decisions on changes of meaning."""
IMPORT_DECISION = "import_decision_"
"""Prefix: one choice (apply or keep) per decision of the pending import."""
IMPORT_FINISH = "import_finish"
IMPORT_CANCEL = "import_cancel"
IMPORT_UNDO = "import_undo"
"""The draft as it was before the last import, for its Undo (an import replaces the draft)."""
SUBMIT_PENDING = "submit_pending"
SUBMIT_CLICKED = "submit_clicked"
SUBMIT_OUTCOME = "submit_outcome"
SHARE_DOWNLOAD = "share_download"
CLI_DOWNLOAD = "cli_download"
BOTO3_DOWNLOAD = "boto3_download"
SDK_DOWNLOAD = "sdk_download"
VERSION_TYPING = "version_typing"
"""The user chose to type a framework version the documentation does not list."""
STEP_OPENED = "step_opened"
"""Set when the wizard moves to another step: that run brings the list of steps into view (a
Next at the foot of a long step left the next step's middle on screen)."""
TARGET_NOTICE = "target_notice"
"""What a target change did to the options (those it dropped), shown once on the Target step."""

# ---- Configure: the model (Model step) and the local compile (Review, Fleet) ---------------------
MODEL_SOURCE = "model_source"
"""Where the model is read from: an upload, a path on this machine, or the draft's S3 URI."""
MODEL_UPLOAD = "model_upload"
MODEL_PATH = "model_path"
MODEL_READ = "model_read"
"""The read a button asked for on this run (run in the page body, under a status)."""
MODEL_MESSAGE = "model_message"
"""What the last read, fill or upload said, shown beside its button until the next one."""
MODEL_LOCAL = "model_local"
"""The model file on this server (the upload's copy, or the path given), for upload and check."""
MODEL_DIM = "model_dim_"
"""Prefix: the size given for one dynamic dimension (input name and index follow)."""
MODEL_BATCH = "model_batch"
OPTIONS_TAB = "options_tab"
"""The compiler options' tab open now (Form or Edit as JSON), kept across the runs of an edit."""
OUTPUT_FOLD_OPEN = "output_fold_open"
"""The Output step's optional fold has held a value or a problem: it stays open for the draft
(closing it when the last tag or subnet went shut it under the user's hands)."""
SHAPES_TAB = "shapes_tab"
"""The input shapes' tab open now (only the open one is drawn)."""
SHAPES_REWRITTEN = "shapes_rewritten"
"""The shapes as typed, when the JSON box rewrote them as JSON: said once, under the box."""
OPTIONS_REPEATED = "options_repeated"
"""The options as typed and the keys they named twice, when the JSON box applied the last value
of each: said once, under the box."""
PREVIEW_FOLDS = "preview_fold_"
"""Prefix: whether a folded member of the live preview is open (only an open one is drawn)."""
KEPT = "kept_choices"
"""The last value of each lazy tab or fold, kept while it is not drawn (`ui.widgets.kept`)."""
PAGE_RUN = "page_run"
"""The page the last full run drew (`state.page_changed`)."""
PAGE_REDRAW = "page_redraw"
"""Set when a callback in a fragment replaced or renamed the draft: the whole page must redraw
(`state.redraw_page`)."""
MODEL_BUCKET = "model_bucket"
MODEL_KEY = "model_key"
MODEL_KEY_OFFERED = "model_key_offered"
"""(file, key) the Key box was last filled with: it follows the next file until typed over."""
MODEL_SEND = "model_send"
"""The upload to S3 a button asked for on this run."""
LOCAL_CHECK = "local_check"
"""The Review step's local compile (running or finished): its handle and report."""
LOCAL_CHECK_CANCEL = "local_check_cancel"
FLEET_CHECK = "fleet_check"
"""Fleet's local compiles, one a target, on the bounded pool."""
FLEET_CHECK_CANCEL = "fleet_check_cancel"
CHECKS_FOUND = "checks_found"
"""Ids of the local checks this tab found again after a reload (another tab may follow them)."""

# DRAFT_SCOPED, what belongs to the open draft, is at the end: it names keys of every page.

# ---- connection (sidebar, Settings) -------------------------------------------------------------
CONNECTION = "connection"
CONNECTION_CLIENT = "connection_client"
CONNECTION_ACCOUNT = "connection_account"
SIDEBAR_DRAFT_NAME = "sidebar_draft_name"
SETTINGS_MODE = "settings_mode"
SETTINGS_PROFILE = "settings_profile"
SETTINGS_REGION = "settings_region"
SETTINGS_ENDPOINT = "settings_endpoint"
SETTINGS_ENDPOINT_PROBLEM = "settings_endpoint_problem"
SETTINGS_TEST = "settings_test"
SETTINGS_CONFIRMING = "settings_confirming"
"""A connection to a non-AWS host, waiting for the user's yes."""
SETTINGS_CONFIRMED = "settings_confirmed"
"""Endpoint URLs the user agreed to send signed requests to (asked once each)."""

# ---- Jobs ----------------------------------------------------------------------------------------
JOBS_SELECTED = "jobs_selected"
JOBS_GO_TO_WIZARD = "jobs_go_to_wizard"
JOBS_RUNNING = "jobs_running"
JOBS_PICKED = "jobs_picked"
JOBS_LOOKED_UP = "jobs_fleet_looked_up"
JOBS_FAILURE_REASONS = "jobs_fleet_failure_reasons"
"""(endpoint, job name) -> why a fleet's FAILED job failed (described once: it will not change)."""
JOBS_TAGS = "jobs_tags"
"""(endpoint, job ARN) -> the tags of a job this app did not send (read once, by ListTags)."""
JOBS_MESSAGE = "jobs_message"
JOBS_RECONCILED = "jobs_reconciled"
JOBS_STATUS = "jobs_status"
JOBS_NAME = "jobs_name"
JOBS_FLEET = "jobs_fleet"
JOBS_FLEET_TABLE = "jobs_fleet_table"
JOBS_FLEET_LOOK_UP = "jobs_fleet_look_up"
JOBS_STOP = "jobs_stop"
JOBS_CLONE = "jobs_clone"
JOBS_DELETE = "jobs_delete"
JOBS_DELETE_CONFIRM = "jobs_delete_confirm"
JOBS_DELETE_KEEP = "jobs_delete_keep"
JOBS_DELETE_ASKED = "jobs_delete_asked"
"""The job whose Delete waits for a confirmation."""
JOBS_ARTIFACT = "jobs_artifact"

# ---- Fleet ---------------------------------------------------------------------------------------
FLEET_TARGETS = "fleet_targets"
FLEET_BASE = "fleet_base"
FLEET_TARGETS_KEPT = "fleet_targets_kept"
FLEET_BASE_KEPT = "fleet_base_kept"
"""The two widgets' last values: Streamlit drops a widget's state when a page without it runs."""
FLEET_WORKERS = "fleet_workers"
FLEET_RESULTS = "fleet_results"
"""Job name -> the row the status table shows for it."""
FLEET_MEMBERS = "fleet_members"
"""Job name -> the member sent, so Retry resends exactly what was sent, whatever is picked now."""
FLEET_PENDING = "fleet_pending"
"""The submission a button asked for on this run."""
FLEET_ID = "fleet_id"
FLEET_TABLE = "fleet_table"
FLEET_GO_TO_WIZARD = "fleet_go_to_wizard"

# ---- Drafts --------------------------------------------------------------------------------------
DRAFTS_GO_TO_WIZARD = "drafts_go_to_wizard"
DRAFTS_NAME = "drafts_name_"
"""Prefix: one rename box per listed draft."""
DRAFTS_OPEN = "drafts_open_"
DRAFTS_DELETE = "drafts_delete_"
DRAFTS_SEARCH = "drafts_search"
DRAFTS_DELETED = "drafts_deleted"
"""The draft just deleted (a ui.drafts.Listed: its record for Undo, its title for the notice)."""

# ---- each page's widgets drawn from what is kept (ui.widgets.forget_page_widgets) ---------------
PAGE_WIDGETS = {
    "Configure": (IMPORT_TEXT, IMPORT_FILE, IMPORT_SOURCE),
    "Jobs": (JOBS_STATUS, JOBS_NAME),
    "Drafts": (DRAFTS_SEARCH,),
}
"""By page title, the keys to drop on entering it, besides Configure's wizard and kept ones."""

# ---- the open draft's own ------------------------------------------------------------------------
DRAFT_SCOPED = (
    IMPORT_REPORT,
    IMPORT_PENDING,
    IMPORT_UNDO,
    SUBMIT_PENDING,
    SUBMIT_CLICKED,
    SUBMIT_OUTCOME,
    TARGET_NOTICE,
    VERSION_TYPING,
    MODEL_READ,
    MODEL_MESSAGE,
    MODEL_LOCAL,
    MODEL_BATCH,
    MODEL_BUCKET,
    MODEL_KEY,
    MODEL_KEY_OFFERED,
    MODEL_SEND,
    LOCAL_CHECK,
    FLEET_CHECK,
    CHECKS_FOUND,
    OUTPUT_FOLD_OPEN,
    FLEET_BASE,
    FLEET_BASE_KEPT,
    FLEET_RESULTS,
    FLEET_MEMBERS,
    FLEET_ID,
    FLEET_PENDING,
)
"""What belongs to the draft open in the tab (an import's report, a submission's outcome, the
model read or uploaded, a local check, a fleet's base name, results and the requests Retry
would send):
dropped when another draft is opened in its place."""
DRAFT_SCOPED_PREFIXES = (IMPORT_DECISION, MODEL_DIM)
