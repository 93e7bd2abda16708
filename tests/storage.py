from django.core.files.storage import FileSystemStorage


class KeepFilesStorage(FileSystemStorage):
    """Media storage for tests: deleting a file is a no-op.

    Each test's database changes are rolled back, but a file Oscar deletes with its product
    would stay deleted, and the demo pictures shared by the whole run would go missing.
    """

    def delete(self, name):
        return None
