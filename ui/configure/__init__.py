"""The Configure page's parts: the frame (steps, navigation, preview), one module a step, the
import panel, submit and share."""
