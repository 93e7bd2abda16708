from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFileEmailBackend(FileBackend):
    """Writes each email to the console and to a file under EMAIL_FILE_PATH.

    The embedded default has no mail server: the console shows mail as it is sent,
    the files keep it for the person trying the site (and for browser tests).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._console = ConsoleBackend(*args, **kwargs)

    def send_messages(self, email_messages):
        self._console.send_messages(email_messages)
        return super().send_messages(email_messages)
