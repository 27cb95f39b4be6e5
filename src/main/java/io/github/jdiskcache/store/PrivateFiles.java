package io.github.jdiskcache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

/**
 * Whether a file may be trusted as one user's own: owned by that user, writable by nobody else, of
 * the expected kind and no symbolic link. What the kept native library and its seal must be before
 * anything is read from them, let alone loaded.
 */
final class PrivateFiles {
    private final UserPrincipal user;

    PrivateFiles(UserPrincipal user) {
        this.user = user;
    }

    boolean isPrivateFolder(Path path) throws IOException {
        return check(path, true);
    }

    boolean isPrivateFile(Path path) throws IOException {
        return check(path, false);
    }

    private boolean check(Path path, boolean folderExpected) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String problem = null;
        if (folderExpected ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            problem = "is not a " + (folderExpected ? "folder" : "regular file");
        } else if (!attributes.owner().equals(user)) {
            problem = "belongs to " + attributes.owner().getName() + ", not " + user.getName();
        } else if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            problem = "may be written by others (" + PosixFilePermissions.toString(attributes.permissions()) + ")";
        }
        if (problem != null) {
            System.getLogger(KeptNativeLibrary.class.getName()).log(System.Logger.Level.WARNING,
                    "refusing the kept native library: " + path + " " + problem);
            return false;
        }
        return true;
    }
}
